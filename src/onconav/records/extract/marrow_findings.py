"""Marrow findings without a cell percentage: fibrosis grade (European consensus MF-0 to
MF-3, Thiele J et al., Haematologica 2005;90:1128; older "reticulin n+" scales are kept with
their scale), Auer rods (present / absent) and specimen adequacy caveats (hemodilute,
aparticulate, dry tap ...) that lower confidence in the blast count.
"""

from __future__ import annotations

import re

from onconav.records.extract.context import assess
from onconav.records.extract.document import DocumentText
from onconav.records.extract.marrow_percent import (
    marrow_fact,
)
from onconav.records.extract.source import Line
from onconav.records.model import Fact

_MF_GRADE = re.compile(r"\bMF[\s-]*(?P<grade>[0-3])(?P<of>\s*/\s*3|\s*\(\s*of\s+3\s*\))?", re.I)

_RETICULIN_GRADE = re.compile(
    r"reticulin(?:\s+fibrosis)?(?:\s+stain)?[^.;\d]{0,40}?"
    r"(?:(?:grade\s*(?P<g1>[0-4])(?:\s*\+)?(?:\s*(?:/|of|out\s+of)\s*(?P<d1>[34]))?)"
    r"|(?P<g2>[0-4])\s*\+(?:\s*\(?\s*(?:/|of|out\s+of)\s*(?P<d2>[34])\s*\)?)?"
    r"|(?P<g3>[0-4])\s*(?:/|of|out\s+of)\s*(?P<d3>[34]))",
    re.I,
)

_GRADE_FIBROSIS = re.compile(
    r"grade\s*(?P<grade>[0-3])\s*(?:/\s*(?P<of>3)\s*)?(?:reticulin\s+)?fibrosis", re.I
)

_NO_FIBROSIS = re.compile(
    r"\bno\s+(?:significant\s+|increased\s+|increase\s+in\s+)?(?:reticulin\s+)?fibrosis"
    r"|\bfibrosis\s*:\s*(?:none|absent|not\s+(?:seen|identified))",
    re.I,
)

_AUER = re.compile(r"\bauer\s+rods?\b", re.I)

_ADEQUACY = (
    (
        "hemodilute",
        re.compile(
            r"\bh(?:a)?emodilut(?:e|ed|ion)\b|diluted\s+with\s+(?:peripheral\s+)?blood", re.I
        ),
    ),
    (
        "aparticulate",
        re.compile(
            r"\baparticulate\b|\bno\s+(?:marrow\s+)?(?:particles|spicules)\b|\baspicul(?:ar|ate)\b|\bpaucispicul\w*|\bparticle[\s-]poor\b",
            re.I,
        ),
    ),
    ("dry tap", re.compile(r"\bdry\s+tap\b", re.I)),
    ("suboptimal", re.compile(r"\bsub[\s-]?optimal\b", re.I)),
    (
        "inadequate",
        re.compile(r"\binadequate\b|\binsufficient\s+(?:for|specimen|sample|material)", re.I),
    ),
    (
        "limited",
        re.compile(
            r"\blimited\s+(?:specimen|sample|evaluation|aspirate|core|biopsy|material|by)\b", re.I
        ),
    ),
    ("crush artifact", re.compile(r"\bcrush(?:ed|ing)?\s+artifact\b", re.I)),
    (
        "small core",
        re.compile(r"\b(?:small|short|fragmented|subcortical)\s+(?:core|biopsy|trephine)\b", re.I),
    ),
    (
        "adequate",
        re.compile(
            r"\b(?:aspirate|specimen|sample|core|biopsy|smears?)\b[^.;]{0,30}?(?<!in)\badequate\b(?!\s+(?:in\s+)?number)|\badequacy\s*:\s*adequate\b",
            re.I,
        ),
    ),
)


def fibrosis(document: DocumentText, line: Line) -> list[Fact]:
    text = line.text
    mf = _MF_GRADE.search(text)
    if mf is not None:
        return [
            marrow_fact(
                document,
                line,
                mf.start(),
                mf.end(),
                "fibrosis_grade",
                int(mf.group("grade")),
                {"scale": "MF-0 to MF-3 (European consensus)"},
            )
        ]
    reticulin = _RETICULIN_GRADE.search(text)
    if reticulin is not None:
        grade = int(reticulin.group("g1") or reticulin.group("g2") or reticulin.group("g3"))
        out_of = reticulin.group("d1") or reticulin.group("d2") or reticulin.group("d3")
        scale = {
            "3": "0-3 (European consensus)",
            "4": "0-4 (Bauermeister)",
            None: "reticulin grade, scale not stated",
        }[out_of]
        return [
            marrow_fact(
                document,
                line,
                reticulin.start(),
                reticulin.end(),
                "fibrosis_grade",
                grade,
                {"scale": scale},
            )
        ]
    graded = _GRADE_FIBROSIS.search(text)
    if graded is not None:
        scale = "0-3 (European consensus)" if graded.group("of") else "grade, scale not stated"
        return [
            marrow_fact(
                document,
                line,
                graded.start(),
                graded.end(),
                "fibrosis_grade",
                int(graded.group("grade")),
                {"scale": scale},
            )
        ]
    none = _NO_FIBROSIS.search(text)
    if none is not None:
        return [
            marrow_fact(
                document,
                line,
                none.start(),
                none.end(),
                "fibrosis_grade",
                0,
                {"scale": "stated as no fibrosis, not graded"},
            )
        ]
    return []


def auer_rods(document: DocumentText, line: Line) -> list[Fact]:
    match = _AUER.search(line.text)
    if match is None:
        return []
    assertion = assess(line.text, [(match.start(), match.end())])[0]
    if assertion.hedged:
        return []
    return [
        marrow_fact(
            document, line, match.start(), match.end(), "auer_rods", not assertion.negated, {}
        )
    ]


def adequacy(document: DocumentText, line: Line) -> list[Fact]:
    facts = []
    for value, pattern in _ADEQUACY:
        match = pattern.search(line.text)
        if match is None:
            continue
        assertion = assess(line.text, [(match.start(), match.end())])[0]
        if assertion.negated or assertion.hedged:
            continue
        facts.append(
            marrow_fact(document, line, match.start(), match.end(), "marrow_adequacy", value, {})
        )
    return facts
