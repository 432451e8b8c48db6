"""Who a document is about, as printed: name and date of birth (for the warning when a
document seems to belong to someone else), sex and age.

The name is kept exactly as printed and never logged: after a label ("Patient: Dekker, M.
(Marit)"), or on a letter's subject line ("Re: Mrs Anna de Vries, born ..."). A date of birth
with a two-digit year is flagged ``date_ambiguous`` (1924 or 2024?) rather than given a
century.
"""

from __future__ import annotations

import re
from typing import Any

from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import line_fact
from onconav.records.extract.source import Line
from onconav.records.model import Fact, FactKind

# The sex in brackets after a name: "(M)", "(F, 74)".
_SEX_IN_BRACKETS = r"\(\s*(?P<bs>[MF])\s*(?:[,/]\s*\d{1,3}\s*[A-Za-z]{0,5}\s*)?\)"
_NEXT_LABEL = (
    r"(?=\s{2,}|\t|\s*\||(?:\s+|\s*\(\s*)(?:DOB|D\.O\.B|MRN|Sex|Age|Gender|Date|ID|Acct|Account"
    r"|Patient\s+ID|Birth|Born|Med\s*Rec|Ordered|Physician|Provider)\b"
    rf"|\s*{_SEX_IN_BRACKETS.replace('?P<bs>', '?:')}|\s*$)"
)
_NAME = re.compile(
    rf"(?<!test\s)(?<!drug\s)(?<!panel\s)(?<!assay\s)(?<!ician\s)(?<!ider\s)(?<!ctor\s)"
    rf"(?<!lity\s)(?<!ital\s)(?<!ring\s)(?<!cimen\s)(?<!\blab\s)"
    rf"\b(?:patient(?:'s)?\s+name|patient|name|pt\s+name|pt)\s*[:#]\s*"
    rf"(?P<v>[^\W\d_](?:[^\W\d_]|['’\-. ,]){{1,60}}?(?:\s*\([^\W\d_][^\W\d_'’\-. ]{{1,30}}\))?)"
    rf"{_NEXT_LABEL}",
    re.I,
)
# A letter's subject line: "Re: Mrs Anna de Vries, born ...". Without a title the line must
# go on to the birth date, so that "Re: bone marrow results" is not taken for a name.
_PERSON = r"[A-Z][^\W\d_]+(?:[-'’][A-Z]?[^\W\d_]+)*"
_PARTICLE = r"(?:de|van|der|den|von|da|di|le|la|du|del|ter|ten|op)"
_SUBJECT_NAME = re.compile(
    rf"\b(?i:re)\s*:\s*(?:(?P<title>(?i:mrs|mr|ms|miss|mx|dr|mevr|dhr|herr|frau|mme))\.?\s+)?"
    rf"(?P<v>{_PERSON}(?:\s+(?:{_PARTICLE}\s+)*{_PERSON}){{1,4}})"
    rf"(?=\s*(?:,|\(|$)|\s+(?i:born|dob|d\.o\.b))"
)
# A name printed under two labels: "Surname: DEKKER     Forename: MARIT".


def _name_part(group: str) -> str:
    return rf"(?P<{group}>[^\W\d_][^\W\d_'’\-. ]{{0,40}}?){_NEXT_LABEL}"


_FAMILY_LABEL = r"(?:surname|family\s+name|last\s+name|achternaam|nachname|nom\s+de\s+famille)"
_GIVEN_LABEL = (
    r"(?:fore\s?names?|first\s+names?|given\s+names?(?:\s*\(s\))?|voorna(?:a)?m(?:en)?|vorname"
    r"|pr[ée]noms?)"
)
_SPLIT_NAME = (
    re.compile(
        rf"\b{_FAMILY_LABEL}\s*[:#]\s*{_name_part('family')}.*?"
        rf"\b{_GIVEN_LABEL}\s*[:#]\s*{_name_part('given')}",
        re.I,
    ),
    re.compile(
        rf"\b{_GIVEN_LABEL}\s*[:#]\s*{_name_part('given')}.*?"
        rf"\b{_FAMILY_LABEL}\s*[:#]\s*{_name_part('family')}",
        re.I,
    ),
)
_BIRTH_CUE = re.compile(r"\s*(?:,\s*|\(\s*)?(?:born|dob|d\.o\.b|date\s+of\s+birth)", re.I)
_DOB = re.compile(
    r"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)\s*[:#]?\s*", re.I
)
# Sex as printed under an English, Dutch, German or French label, a local word glossed in
# English in brackets ("Geslacht/Sex: V (F)") read by its gloss.
_SEX_WORDS = (
    r"female|male|f|m|vrouw(?:elijk)?|v|w|weiblich|m[äa]nnlich|maennlich|mannelijk|man|homme"
    r"|femme"
)
_MALE = {"m", "male", "man", "gentleman", "mannelijk", "männlich", "mannlich", "maennlich", "homme"}
_PATIENT_SEX = re.compile(
    rf"\b(?:patient|name|pt)\s*[:#]\s*[^\W\d_][^()\n]{{1,60}}?\s*{_SEX_IN_BRACKETS}", re.I
)
_SEX = re.compile(
    r"\b(?:sex|gender|geslacht|geschlecht|sexe)(?:\s*/\s*(?:sex|gender))?\s*[:=]?\s*"
    rf"(?:(?P<gloss>[^\W\d_]{{1,12}}\s*\()\s*)?(?P<v>{_SEX_WORDS})(?![^\W\d_])(?(gloss)\s*\))"
    r"|\bsex\s*/\s*age\s*[:=]?\s*(?P<v2>m|f|male|female)\s*/"
    r"|\bage\s*/\s*sex\s*[:=]?\s*\d{1,3}\s*(?:y|yrs?|years?)?\s*/\s*(?P<v3>m|f|male|female)\b"
    r"|\b\d{1,3}[\s-]*(?:year|yr)s?[\s-]*old\s+(?P<v4>man|woman|male|female|gentleman|lady)\b"
    r"|\b\d{1,3}\s*(?:yo|y/o|y\.o\.)\s+(?P<v5>m|f|male|female|man|woman)\b",
    re.I,
)
_AGE = re.compile(
    r"(?<!for\s)\bage\s*[:=]?\s*(?P<a>\d{1,3})(?!\s*%)(?:\s*(?:y|yrs?|years?))?\b(?!\s*/\s*\d)"
    r"|\bsex\s*/\s*age\s*[:=]?\s*(?:m|f|male|female)\s*/\s*(?P<b>\d{1,3})\b"
    r"|\bage\s*/\s*sex\s*[:=]?\s*(?P<c>\d{1,3})\b"
    r"|\b(?P<d>\d{1,3})[\s-]*(?:year|yr)s?[\s-]*old\b"
    r"|\b(?P<e>\d{1,3})\s*(?:yo|y/o|y\.o\.)(?![A-Za-z])",
    re.I,
)


# A running header or banner without a name label: "LAB - TELLINGHAST, AMBROSE R - DOB ...",
# "MAYBURY-QUIST, ROSALIND   MRN ...": a name in capitals, family name first, right before
# the birth date or record number. Used only when no labelled name is printed.
_CAPITALS_NAME = re.compile(
    r"(?<![\w'’-])(?P<v>(?:(?i:de|van|der|den|von|da|di|le|la|du|del|ter|ten)\s)*"
    r"[A-Z][A-Z'’\-]+,\s*[A-Z][A-Z'’\-]+"
    r"(?:\s+[A-Z][A-Z'’\-]*\.?)?)"
    r"(?=\s*(?:-|\|)?\s+(?:DOB|D\.O\.B|MRN|Date\s+of\s+birth)\b)"
)


def extract_identity(document: DocumentText) -> list[Fact]:
    found: dict[str, Fact] = {}
    unlabelled: Fact | None = None
    for line in document.lines():
        for fact in (_name(line), _dob(document, line), _sex(line), _age(line)):
            if fact is not None and fact.name not in found:
                found[fact.name] = fact
        if unlabelled is None and (match := _CAPITALS_NAME.search(line.text)) is not None:
            unlabelled = _identity(line, *match.span("v"), "name", match.group("v"))
    if "name" not in found and unlabelled is not None:
        found["name"] = unlabelled
    return list(found.values())


def _identity(line: Line, start: int, end: int, name: str, value: object, **extra: Any) -> Fact:
    return line_fact(
        line, start, end, kind=FactKind.IDENTITY, name=name, value=value, date=None, **extra
    )


def _name(line: Line) -> Fact | None:
    split = _split_name(line)
    if split is not None:
        return split
    match = _NAME.search(line.text)
    if match is None:
        return _subject_name(line)
    value = match.group("v").strip(" ,.")
    if len(re.findall(r"[^\W\d_]", value)) < 3 or re.search(
        r"\b(?:year|old|male|female|information|instructions|education)\b", value, re.I
    ):
        return None
    start = match.start("v")
    return _identity(line, start, start + len(value), "name", value)


def _split_name(line: Line) -> Fact | None:
    """Given and family name under labels of their own, put together in that order."""
    for pattern in _SPLIT_NAME:
        match = pattern.search(line.text)
        if match is not None:
            value = f"{match.group('given').strip()} {match.group('family').strip()}"
            start = min(match.start("given"), match.start("family"))
            end = max(match.end("given"), match.end("family"))
            return _identity(line, start, end, "name", value)
    return None


def _subject_name(line: Line) -> Fact | None:
    match = _SUBJECT_NAME.search(line.text)
    if match is None:
        return None
    if match.group("title") is None and not _BIRTH_CUE.match(line.text, match.end()):
        return None
    return _identity(line, match.start("v"), match.end("v"), "name", match.group("v"))


def _dob(document: DocumentText, line: Line) -> Fact | None:
    label = _DOB.search(line.text)
    if label is None:
        return None
    dates = [reading for reading in document.dates_in(line.text) if reading.start >= label.end()]
    if not dates or dates[0].start - label.end() > 2:
        return None
    reading = dates[0]
    # The fact's ``date`` is when something was measured; a birth date is the value itself.
    ambiguous = reading.ambiguous or reading.two_digit_year or reading.date is None
    value = None if ambiguous or reading.date is None else reading.date.isoformat()
    return _identity(
        line,
        label.start(),
        reading.end,
        "date_of_birth",
        value,
        original_value=reading.text,
        date_text=reading.text,
        flags=("date_ambiguous",) if ambiguous else (),
    )


def _sex(line: Line) -> Fact | None:
    match = _SEX.search(line.text)
    if match is None:
        match = _PATIENT_SEX.search(line.text)
        if match is None:
            return None
        start = line.text.rfind("(", 0, match.start("bs"))
        printed = match.group("bs")
        value = "male" if printed.lower() in _MALE else "female"
        return _identity(line, start, match.end(), "sex", value, original_value=printed)
    group = next(name for name in ("v", "v2", "v3", "v4", "v5") if match.group(name))
    printed = match.group(group)
    value = "male" if printed.lower() in _MALE else "female"
    return _identity(line, match.start(), match.end(), "sex", value, original_value=printed)


def _age(line: Line) -> Fact | None:
    match = _AGE.search(line.text)
    if match is None:
        return None
    group = next(name for name in ("a", "b", "c", "d", "e") if match.group(name))
    age = int(match.group(group))
    if not 0 <= age <= 120:
        return None
    return _identity(
        line,
        match.start(),
        match.end(),
        "age",
        age,
        unit="years",
        original_value=match.group(group),
    )
