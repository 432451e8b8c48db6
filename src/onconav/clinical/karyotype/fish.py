"""Reading FISH results written in ISCN (``nuc ish`` interphase, ``ish`` metaphase).

ISCN 2020, chapter on in situ hybridization: a pattern is an optional band, the probes in
parentheses with their signal numbers (``EGR1x1``), optionally a signal number for the
whole group (``(D7Z1,D7S486)x2``) and the nuclei count in brackets, either the number of
nuclei (``[200]``) or abnormal/total (``[156/200]``). Each laboratory sets its own normal
cut-off, so this module reports what was written and never decides a result is abnormal.
"""

from __future__ import annotations

import re

from onconav.clinical.karyotype.errors import KaryotypeSyntaxError
from onconav.clinical.karyotype.model import FishFinding, FishResult, FishSignal
from onconav.clinical.karyotype.text import normalise, original_position

_PREFIX = re.compile(r"(nucish|ish)")
_LOCUS = re.compile(r"[0-9]{1,2}[pq][0-9.]*|[xy][pq][0-9.]*|cen[0-9xy]+")
_COPIES = re.compile(r"(.+?)x([0-9]+)\Z")
_NUCLEI = re.compile(r"\[([0-9]+)(?:/([0-9]+))?\]")
_GROUP_COPIES = re.compile(r"x([0-9]+)")
_PROBE = re.compile(r"[a-z0-9][a-z0-9.\-/+]*\Z")


def parse_fish(text: str) -> FishResult:
    """Read an ISCN FISH result such as ``nuc ish(EGR1x1,D5S23/D5S721x2)[156/200]``.

    Raises KaryotypeSyntaxError (with the position) when the text is not ISCN FISH.
    """
    s = normalise(text)
    prefix = _PREFIX.match(s)
    if prefix is None:
        raise _error(text, 0, 'expected FISH results starting with "nuc ish" or "ish"')
    method = "nuc ish" if prefix.group(1) == "nucish" else "ish"
    findings: list[FishFinding] = []
    i = prefix.end()
    while True:
        finding, i = _pattern(text, s, i)
        findings.append(finding)
        if i >= len(s):
            break
        if s[i] in ",/.":
            i += 1
            continue
        raise _error(text, i, "expected ',' before the next FISH pattern, or the end")
    return FishResult(method=method, findings=tuple(findings), text=s)


def _pattern(text: str, s: str, i: int) -> tuple[FishFinding, int]:
    start = i
    locus = ""
    locus_match = _LOCUS.match(s, i)
    if locus_match is not None and locus_match.end() < len(s) and s[locus_match.end()] == "(":
        locus = locus_match.group(0)
        i = locus_match.end()
    if i >= len(s) or s[i] != "(":
        raise _error(text, i, "expected '(' with the probe names, e.g. (EGR1x1,D5S23x2)")
    close = s.find(")", i)
    if close < 0:
        raise _error(text, len(s), "expected ')' after the probe names")
    signals = []
    for token in s[i + 1 : close].split(","):
        copies_match = _COPIES.match(token)
        probe, copies = (
            (copies_match.group(1), int(copies_match.group(2))) if copies_match else (token, None)
        )
        if not _PROBE.match(probe):
            raise _error(text, i + 1, f"could not read the probe name {token!r}")
        signals.append(FishSignal(probe=probe.upper(), copies=copies, locus=locus))
    i = close + 1
    group = _GROUP_COPIES.match(s, i)
    if group is not None:
        shared = int(group.group(1))
        signals = [
            sig if sig.copies is not None else FishSignal(sig.probe, shared, sig.locus)
            for sig in signals
        ]
        i = group.end()
    if i < len(s) and s[i] == "(":  # a connection pattern such as (RUNX1T1conRUNX1x2)
        close = s.find(")", i)
        if close < 0:
            raise _error(text, len(s), "expected ')' to close the signal pattern")
        i = close + 1
    with_pattern: int | None = None
    total: int | None = None
    nuclei = _NUCLEI.match(s, i)
    if nuclei is not None:
        first, second = int(nuclei.group(1)), nuclei.group(2)
        with_pattern, total = first, (first if second is None else int(second))
        if with_pattern > total:
            raise _error(text, i, "more nuclei with the pattern than nuclei counted")
        i = nuclei.end()
    finding = FishFinding(
        signals=tuple(signals),
        nuclei_with_pattern=with_pattern,
        nuclei_total=total,
        text=s[start:i],
    )
    return finding, i


def _error(text: str, normalised_index: int, expected: str) -> KaryotypeSyntaxError:
    return KaryotypeSyntaxError(text, original_position(text, normalised_index), expected)
