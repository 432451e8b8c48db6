"""A hand-written reader for ISCN karyotypes as they appear in reports.

Grammar (ISCN 2020, neoplasia chapter), after lower-casing and removing whitespace::

    karyotype  := part ("//" part)* ("." fish)?      # "//": recipient // donor cell lines
    part       := clone ("/" clone)*                 # stemline first, sidelines, normal last
    clone      := modal "," sex ("," item)* cells?   |  reference ("," item)* cells?
    modal      := N ("~" N)? ("<" N "n>")?           # 45~48<2n>
    cells      := "[" "cp"? N "]"                     # [20], [cp9]
    item       := "idem" | "sl" | "sdl" N? | "inc" | heteromorphism
                | sign chromosome "c"?                                   # +8, -7, -Y, +21c
                | sign? count? ("mar" N? | "dmin" | "r")                  # +2mar, +1~3mar
                | sign? "?"? rearrangement ("or" rearrangement)* "c"? multiplier?
    rearrangement := name "(" chromosomes ")" ("(" breakpoints ")")? component*

The reader is strict where a guess could change meaning (a missing ')' or ';', an
unknown word) and lenient only where reports are unambiguous: any letter case, spaces,
Unicode dashes, a missing comma between the modal number and the sex chromosomes, '-'
written for the ISCN range sign '~', and arm shorthand such as ``del(5q)``; each
leniency is recorded in ``Karyotype.notes``.
"""

from __future__ import annotations

import re

from onconav.clinical.karyotype.errors import KaryotypeSyntaxError
from onconav.clinical.karyotype.fish import parse_fish
from onconav.clinical.karyotype.model import (
    Abnormality,
    Clone,
    CloneReference,
    Karyotype,
    Kind,
    Rearrangement,
    Sign,
)
from onconav.clinical.karyotype.text import normalise, original_position

_BAND = r"(?:\?|cen|[pq](?:ter|[0-9?]*(?:\.[0-9?]+)?(?:[~-][pq]?[0-9?]+(?:\.[0-9?]+)?)?))"
_GROUP = re.compile(rf"{_BAND}+(?:or{_BAND}+)*\Z")
_MODAL = re.compile(r"([0-9]{1,3})(?:([~-])([0-9]{1,3}))?(<[0-9]n>)?")
_CELLS = re.compile(r"\[(cp)?([0-9]+)\]")
_COUNT = re.compile(r"([0-9]+)(?:([~-])([0-9]+))?")
_MARKER = re.compile(r"mar[0-9]*|dmin|min|r(?![a-z(])")
_STRUCT = re.compile(r"(idic|psudic|dic|der|del|dup|inv|ins|add|hsr|trc|tas|fis|fra|i|t|r)\(")
_SEX = re.compile(r"[xy]+")
_CHROMOSOME = re.compile(r"(\??)([0-9]{1,2}|x|y|\?)")
_HETEROMORPHISM = re.compile(r"([0-9]{1,2}|x|y)([pq](?:h|s|stk|cen)[+-]{0,2})(?=[,\[/.]|c|\Z)")
_OLD_NOTATION = re.compile(r"[0-9]{1,2}[pq][+-]")
_MULTIPLIER = re.compile(r"[*x]([0-9]+)")
_FISH_START = re.compile(r"\.(?=nucish|ish)")
_NO_RESULT = (
    "nometaphase",
    "nomitos",
    "nomitotic",
    "nodividing",
    "nogrowth",
    "culturefail",
    "failedculture",
    "failedtogrow",
    "insufficient",
    "notanaly",
    "noanaly",
    "unsuccessful",
)
_SINGLE_CHROMOSOME = {"del", "dup", "add", "i", "idic", "inv", "hsr", "fra", "fis"}
_ITEM_END = ",[/."


def parse_karyotype(text: str) -> Karyotype:
    """Parse an ISCN karyotype string (any case, stray spaces allowed).

    Raises KaryotypeSyntaxError with the 0-based position when the text cannot be read.
    """
    s = normalise(text)
    if not s:
        raise KaryotypeSyntaxError(text, 0, "the karyotype is empty")
    for phrase in _NO_RESULT:
        if phrase in s:
            return Karyotype(text=text, recipient=(), no_result=text.strip())
    if s.startswith(("nucish", "ish")):
        return Karyotype(text=text, recipient=(), fish=parse_fish(text))
    fish_at = _FISH_START.search(s)
    fish = None
    if fish_at is not None:
        fish_text = text[original_position(text, fish_at.start() + 1) :]
        fish = parse_fish(fish_text)
        s = s[: fish_at.start()]
    reader = _Reader(text, s)
    recipient, donor = reader.karyotype()
    return Karyotype(
        text=text, recipient=recipient, donor=donor, fish=fish, notes=tuple(reader.notes)
    )


class _Reader:
    __slots__ = ("i", "notes", "s", "text")

    def __init__(self, text: str, s: str) -> None:
        self.text = text
        self.s = s
        self.i = 0
        self.notes: list[str] = []

    def fail(self, expected: str, at: int | None = None) -> KaryotypeSyntaxError:
        index = self.i if at is None else at
        return KaryotypeSyntaxError(self.text, original_position(self.text, index), expected)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    # --- karyotype and clones -------------------------------------------------------

    def karyotype(self) -> tuple[tuple[Clone, ...], tuple[Clone, ...]]:
        parts: list[list[Clone]] = [[]]
        s = self.s
        while True:
            parts[-1].append(self.clone(len(parts[-1])))
            if self.i >= len(s):
                break
            if s.startswith("//", self.i):
                self.i += 2
                parts.append([])
            elif s[self.i] == "/":
                self.i += 1
            else:
                raise self.fail(
                    "expected ',' before the next change, '[' for the cell count, "
                    "'/' before the next cell line, or the end"
                )
        recipient = tuple(parts[0])
        donor = tuple(clone for part in parts[1:] for clone in part)
        return recipient, donor

    def clone(self, index: int) -> Clone:
        s = self.s
        modal: tuple[int, int] | None = None
        ploidy = ""
        sex = ""
        sex_constitutional = False
        if self.i < len(s) and s[self.i].isdigit():
            modal, ploidy = self.modal()
            if self.i < len(s) and s[self.i] == ",":
                self.i += 1
            elif self.i < len(s) and s[self.i] in "xy":
                self.note("no comma between the chromosome number and the sex chromosomes")
            else:
                raise self.fail("expected ',' after the chromosome number")
            if s.startswith(("idem", "sl", "sdl"), self.i):
                # "47,idem,+8": the referenced line stands in for the sex chromosomes and
                # its changes (ISCN 2020 §11.1.5); the sex chromosomes are inherited.
                items_follow = True
            else:
                sex_match = _SEX.match(s, self.i)
                if sex_match is None:
                    raise self.fail("expected the sex chromosomes (for example XX or XY)")
                sex = sex_match.group(0).upper()
                self.i = sex_match.end()
                if self.i < len(s) and s[self.i] == "c" and self._ends_item(self.i + 1):
                    sex_constitutional = True
                    self.i += 1
                items_follow = self.i < len(s) and s[self.i] == ","
                if items_follow:
                    self.i += 1
        elif s.startswith(("idem", "sl", "sdl"), self.i):
            items_follow = True
        else:
            raise self.fail("expected the number of chromosomes, for example 46")
        reference: CloneReference | None = None
        abnormalities: list[Abnormality] = []
        incomplete = False
        while items_follow:
            item_start = self.i
            item = self.item()
            if isinstance(item, CloneReference):
                if reference is not None:
                    raise self.fail("a cell line can refer to only one other line", item_start)
                if index == 0:
                    raise self.fail(
                        f"'{item.word}' refers to an earlier cell line, but this is the first",
                        item_start,
                    )
                if item.number is not None and not 1 <= item.number < index:
                    raise self.fail(
                        f"there is no sideline {item.number} before this one", item_start
                    )
                reference = item
            elif item is None:
                incomplete = True
            else:
                abnormalities.append(item)
            items_follow = self.i < len(s) and s[self.i] == ","
            if items_follow:
                self.i += 1
        cells: int | None = None
        composite = False
        if self.i < len(s) and s[self.i] == "[":
            cells_match = _CELLS.match(s, self.i)
            if cells_match is None:
                raise self.fail("expected a cell count such as [20] or [cp9]")
            composite = cells_match.group(1) is not None
            cells = int(cells_match.group(2))
            self.i = cells_match.end()
        return Clone(
            modal=modal,
            ploidy=ploidy,
            sex_chromosomes=sex,
            sex_constitutional=sex_constitutional,
            reference=reference,
            abnormalities=tuple(abnormalities),
            incomplete=incomplete,
            cells=cells,
            composite=composite,
        )

    def modal(self) -> tuple[tuple[int, int], str]:
        start = self.i
        match = _MODAL.match(self.s, start)
        assert match is not None  # the caller saw a digit
        low = int(match.group(1))
        high = int(match.group(3)) if match.group(3) else low
        if match.group(2) == "-":
            self.note("a range written with '-' was read as the ISCN range sign '~'")
        if not 10 <= low <= high <= 400:
            raise self.fail(
                "expected a chromosome number such as 46 or a range such as 45~48", start
            )
        self.i = match.end()
        return (low, high), match.group(4) or ""

    # --- items --------------------------------------------------------------------

    def _ends_item(self, index: int) -> bool:
        return index >= len(self.s) or self.s[index] in _ITEM_END

    def item(self) -> Abnormality | CloneReference | None:
        s = self.s
        i = self.i
        if s.startswith("idem", i):
            self.i = i + 4
            return CloneReference("idem", None, self.multiplier())
        if s.startswith("sdl", i):
            self.i = i + 3
            number = _COUNT.match(s, self.i)
            if number is not None and number.group(2) is None:
                self.i = number.end()
                return CloneReference("sdl", int(number.group(1)))
            return CloneReference("sdl")
        if s.startswith("sl", i) and self._ends_item(i + 2):
            self.i = i + 2
            return CloneReference("sl")
        if s.startswith("inc", i) and self._ends_item(i + 3):
            self.i = i + 3
            return None
        variant = _HETEROMORPHISM.match(s, i)
        if variant is not None:
            self.i = variant.end()
            constitutional = self.constitutional()
            return Abnormality(
                kind=Kind.HETEROMORPHISM,
                chromosome=variant.group(1).upper(),
                marker=variant.group(2),
                constitutional=constitutional,
            )
        if _OLD_NOTATION.match(s, i):
            raise self.fail(
                "old notation such as 5q- is not ISCN; it would be written del(5)(q...) or del(5q)"
            )
        return self.abnormality()

    def abnormality(self) -> Abnormality:
        s = self.s
        start = self.i
        sign = Sign.NONE
        uncertain = False
        if start < len(s) and s[start] in "+-":
            sign = Sign(s[start])
            self.i += 1
        if self.i < len(s) and s[self.i] == "?":
            uncertain = True
            self.i += 1
        i = self.i
        count = _COUNT.match(s, i)
        if count is not None:
            marker = _MARKER.match(s, count.end())
            if marker is not None:
                low = int(count.group(1))
                high = int(count.group(3)) if count.group(3) else low
                if count.group(2) == "-":
                    self.note("a range written with '-' was read as the ISCN range sign '~'")
                self.i = marker.end()
                return self.finish_marker(sign, marker.group(0), (low, high), uncertain)
            if sign is Sign.NONE:
                raise self.fail(
                    "a chromosome number needs '+' or '-' in front of it (for example +8 or -7)",
                    start,
                )
            if count.group(2) is not None or not 1 <= int(count.group(1)) <= 22:
                raise self.fail("expected a chromosome number from 1 to 22", i)
            self.i = count.end()
            return self.finish_numerical(sign, count.group(1), uncertain)
        if i < len(s) and s[i] in "xy" and sign is not Sign.NONE and not s.startswith("x(", i):
            self.i = i + 1
            return self.finish_numerical(sign, s[i].upper(), uncertain)
        marker = _MARKER.match(s, i)
        if marker is not None:
            self.i = marker.end()
            return self.finish_marker(sign, marker.group(0), (1, 1), uncertain)
        parts = self.rearrangement(start)
        alternatives: list[Abnormality] = []
        constitutional = self.constitutional()
        copies = self.multiplier()
        while s.startswith("or", self.i):
            self.i += 2
            alternatives.append(self.abnormality())
        return Abnormality(
            kind=Kind.STRUCTURAL,
            sign=sign,
            parts=parts,
            copies=(copies, copies),
            constitutional=constitutional,
            uncertain=uncertain,
            alternatives=tuple(alternatives),
        )

    def finish_numerical(self, sign: Sign, chromosome: str, uncertain: bool) -> Abnormality:
        constitutional = self.constitutional()
        copies = self.multiplier()
        return Abnormality(
            kind=Kind.NUMERICAL,
            sign=sign,
            chromosome=chromosome,
            copies=(copies, copies),
            constitutional=constitutional,
            uncertain=uncertain,
        )

    def finish_marker(
        self, sign: Sign, word: str, copies: tuple[int, int], uncertain: bool
    ) -> Abnormality:
        if word == "min":
            word = "dmin"
        constitutional = self.constitutional()
        multiplier = self.multiplier()
        return Abnormality(
            kind=Kind.MARKER,
            sign=sign,
            marker=word,
            copies=(copies[0] * multiplier, copies[1] * multiplier),
            constitutional=constitutional,
            uncertain=uncertain,
        )

    def constitutional(self) -> bool:
        if self.i < len(self.s) and self.s[self.i] == "c" and self._ends_item(self.i + 1):
            self.i += 1
            return True
        return False

    def multiplier(self) -> int:
        match = _MULTIPLIER.match(self.s, self.i)
        if match is None:
            return 1
        self.i = match.end()
        value = int(match.group(1))
        if not 1 <= value <= 10:
            raise self.fail("expected a small multiplier such as ×2", match.start())
        return value

    # --- rearrangements -----------------------------------------------------------

    def rearrangement(self, item_start: int) -> tuple[Rearrangement, ...]:
        match = _STRUCT.match(self.s, self.i)
        if match is None:
            raise self.fail(
                "expected a change such as +8, -7, del(5)(q13q33) or t(3;3)(q21;q26)",
                item_start,
            )
        first = self.one_rearrangement(match)
        parts = [first]
        if first.name == "der":
            while True:
                component = _STRUCT.match(self.s, self.i)
                if component is None or component.group(1) == "der":
                    break
                parts.append(self.one_rearrangement(component))
        return tuple(parts)

    def one_rearrangement(self, match: re.Match[str]) -> Rearrangement:
        s = self.s
        name = match.group(1)
        open_at = match.end() - 1
        close = self.closing(match.end())
        inner = s[match.end() : close]
        chromosomes, shorthand = self.chromosomes(inner, match.end())
        self.i = close + 1
        breakpoints: tuple[str, ...] | None = None
        if shorthand:
            breakpoints = (shorthand,)
            self.note(
                f"shorthand such as {name}({inner}) was read as "
                f"{name}({chromosomes[0]})({shorthand})"
            )
        elif self.i < len(s) and s[self.i] == "(":
            close = self.closing(self.i + 1)
            content = s[self.i + 1 : close]
            groups = tuple(content.split(";"))
            offset = self.i + 1
            for group in groups:
                if not _GROUP.match(group):
                    raise self.fail(
                        "expected chromosome bands such as q13q33 or p11.2 (breakpoints "
                        "for different chromosomes are separated by ';')",
                        offset,
                    )
                offset += len(group) + 1
            if len(groups) > max(len(chromosomes), 2) or len(groups) > len(chromosomes) > 1:
                raise self.fail("more breakpoint groups than chromosomes", self.i)
            breakpoints = groups
            self.i = close + 1
        if name in _SINGLE_CHROMOSOME and len(chromosomes) != 1:
            raise self.fail(f"{name}(...) takes one chromosome", open_at)
        if name in {"t", "dic"} and len(chromosomes) < 2:
            raise self.fail(f"{name}(...) needs two or more chromosomes separated by ';'", open_at)
        return Rearrangement(name=name, chromosomes=chromosomes, breakpoints=breakpoints)

    def closing(self, start: int) -> int:
        """Index of the ')' closing a group opened just before ``start``."""
        s = self.s
        for index in range(start, len(s)):
            char = s[index]
            if char == ")":
                return index
            if char in "(,[/":
                raise self.fail("expected ')'", index)
        raise self.fail("expected ')'", len(s))

    def chromosomes(self, inner: str, offset: int) -> tuple[tuple[str, ...], str]:
        if not inner:
            raise self.fail("expected a chromosome number inside the parentheses", offset)
        names: list[str] = []
        shorthand = ""
        position = offset
        tokens = inner.split(";")
        for token in tokens:
            match = _CHROMOSOME.match(token)
            if match is None:
                raise self.fail("expected a chromosome number (1-22, X or Y) or ';'", position)
            number = match.group(2)
            if number.isdigit() and not 1 <= int(number) <= 22:
                raise self.fail("expected a chromosome number from 1 to 22", position)
            rest = token[match.end() :]
            if rest:
                if len(tokens) > 1 or not _GROUP.match(rest) or rest[0] not in "pq":
                    raise self.fail(
                        "expected ';' or ')' after the chromosome number", position + match.end()
                    )
                shorthand = rest
            names.append(match.group(1) + number.upper())
            position += len(token) + 1
        return tuple(names), shorthand
