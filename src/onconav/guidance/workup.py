"""Tests that seem to be missing from the records, why they matter, and how to ask.

The usual MDS work-up (the knowledge-base articles mds-how-diagnosed,
mds-cytogenetics-and-fish, mds-ngs-testing, mds-esa and mds-stem-cell-transplant
cite the sources): marrow aspirate and biopsy with a blast count, cytogenetics,
a myeloid NGS panel with TP53 VAF, serum EPO before ESAs, ferritin and iron
studies, B12, folate and copper to exclude look-alikes, and HLA typing when a
transplant is discussed. The size of each gap is computed by the clinical core
(the scores' best and worst cases), never typed by hand.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from onconav.clinical.scores import IpssmResult, IpssrResult
from onconav.guidance.options import anemic
from onconav.guidance.situation import RiskLevel, Situation
from onconav.records.model import FactKind

TRANSPLANT_DISCUSSION_MAX_AGE = 75  # over this, transplant is discussed case by case


class MissingTest(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    test: str
    why: str
    how_to_ask: str
    passage_id: str  # the knowledge-base passage that explains the test


def _has(situation: Situation, *names: str) -> bool:
    return any(f.name in names for f in situation.profile.facts if "superseded" not in f.flags)


def _has_kind(situation: Situation, kind: FactKind) -> bool:
    return any(f.kind is kind for f in situation.profile.facts)


def _ipssm_range(result: IpssmResult) -> str:
    best, worst = result.best, result.worst
    if best.category == worst.category:
        return f"{best.category.value} ({best.score:g} to {worst.score:g})"
    return (
        f"anywhere from {best.category.value} ({best.score:g}) to {worst.category.value} "
        f"({worst.score:g})"
    )


def _points_range(result: IpssrResult) -> str:
    if result.category_best is None or result.category_worst is None:
        return "not possible to place"
    best, worst = result.category_best.value, result.category_worst.value
    if best == worst:
        return best
    return f"anywhere from {best} ({result.best:g} points) to {worst} ({result.worst:g} points)"


def missing_tests(situation: Situation) -> list[MissingTest]:
    found: list[MissingTest] = []
    scores = situation.scores
    if not _has(situation, "marrow_blasts"):
        why = "The blast count from the marrow decides the subtype and counts in every risk score."
        if scores is not None:
            why += f" Without it, your IPSS-R could be {_points_range(scores.ipssr)}."
        found.append(
            MissingTest(
                id="marrow",
                test="Bone marrow aspirate and biopsy with a blast count",
                why=why,
                how_to_ask='Ask: "Has my bone marrow been examined, and can I have the report?"',
                passage_id="mds-bone-marrow-biopsy#report",
            )
        )
    if not _has_kind(situation, FactKind.KARYOTYPE):
        why = "Chromosome results place you in one of five cytogenetic risk groups."
        if scores is not None:
            why += f" Without them, your IPSS-R could be {_points_range(scores.ipssr)}."
        found.append(
            MissingTest(
                id="cytogenetics",
                test="Chromosome test of the marrow (karyotype, with FISH if it fails)",
                why=why,
                how_to_ask='Ask: "Was a karyotype done on my marrow, and what did it show?"',
                passage_id="mds-cytogenetics-and-fish#risk",
            )
        )
    genetic = _has_kind(situation, FactKind.VARIANT) or _has_kind(situation, FactKind.GENE_STATUS)
    if not genetic:
        why = "A myeloid gene panel (NGS) shows mutations such as TP53 and SF3B1."
        if scores is not None:
            why += (
                f" Without it your IPSS-M cannot be pinned down: it could be "
                f"{_ipssm_range(scores.ipssm)}, because the worst case assumes every untested "
                "gene is mutated."
            )
        found.append(
            MissingTest(
                id="ngs",
                test="Myeloid gene panel (NGS), including the TP53 VAF",
                why=why,
                how_to_ask='Ask: "Has a myeloid NGS panel been done? If not, could it be?"',
                passage_id="mds-ngs-testing#what",
            )
        )
    elif scores is not None:
        for name, test, assay in (
            ("flt3", "FLT3-ITD test", "FLT3"),
            ("mll_ptd", "KMT2A (MLL) partial tandem duplication test", "MLL_PTD"),
        ):
            if name in situation.profile.risk.inputs:
                continue
            swing = next((c.swing for c in scores.ipssm.contributions if c.variable == assay), None)
            moves = f" It alone could move your IPSS-M score by up to {swing:.2f}." if swing else ""
            found.append(
                MissingTest(
                    id=name,
                    test=test,
                    why=f"IPSS-M uses it, and most gene panels do not report it.{moves}",
                    how_to_ask=f'Ask: "Was a {test} done? Does my panel cover it?"',
                    passage_id="mds-ngs-testing#not-detected",
                )
            )
    # ESAs are an option in lower-risk disease; there the EPO level guides the choice.
    if (
        anemic(situation)
        and situation.risk_level is not RiskLevel.HIGHER
        and not _has(situation, "epo")
    ):
        found.append(
            MissingTest(
                id="epo",
                test="Serum EPO (erythropoietin), before any ESA or transfusion if possible",
                why="With anemia, the EPO level helps show whether an ESA is likely to help: "
                "care teams typically consider ESAs when it is 500 or less.",
                how_to_ask='Ask: "What is my serum EPO level?"',
                passage_id="mds-esa#who",
            )
        )
    if (anemic(situation) or _has_kind(situation, FactKind.TRANSFUSION)) and not _has(
        situation, "ferritin"
    ):
        found.append(
            MissingTest(
                id="iron",
                test="Ferritin and iron studies",
                why="They show iron stores before and during transfusions, and help rule out "
                "iron deficiency as a cause of anemia.",
                how_to_ask='Ask: "Has my ferritin been checked?"',
                passage_id="mds-iron-overload#monitoring",
            )
        )
    if not (_has(situation, "b12") and _has(situation, "folate") and _has(situation, "copper")):
        missing = [n for n in ("b12", "folate", "copper") if not _has(situation, n)]
        names = ", ".join({"b12": "vitamin B12"}.get(n, n) for n in missing)
        found.append(
            MissingTest(
                id="mimics",
                test=f"Blood tests that rule out look-alikes ({names})",
                why="Low vitamin B12, folate or copper can cause changes that look like MDS.",
                how_to_ask=f'Ask: "Were my {names} levels checked when I was diagnosed?"',
                passage_id="mds-how-diagnosed#mimics",
            )
        )
    age = situation.profile.risk.inputs.get("age")
    young_enough = age is None or (
        isinstance(age.value, int | float) and age.value <= TRANSPLANT_DISCUSSION_MAX_AGE
    )
    if (
        situation.risk_level in {RiskLevel.HIGHER, RiskLevel.NOT_SETTLED, RiskLevel.BORDERLINE}
        and young_enough
        and not _has_kind(situation, FactKind.HLA)
    ):
        found.append(
            MissingTest(
                id="hla",
                test="HLA typing (the first step in finding a transplant donor)",
                why="When a transplant is part of the discussion, HLA typing of you and your "
                "brothers and sisters takes time, so teams often start it early.",
                how_to_ask='Ask: "Should I and my siblings have HLA typing now?"',
                passage_id="mds-stem-cell-transplant#donors",
            )
        )
    return found
