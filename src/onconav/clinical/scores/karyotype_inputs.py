"""Cytogenetic score inputs from a karyotype summary (the contract in ``cytogenetics.py``).

The karyotype parser decides the IPSS-R group (Schanz 2012), the IPSS 1997 group and the
individual findings; this module only carries them into ``RiskInputs``. Where counting
conventions disagree, the summary holds a primary reading and flags the other one
(``*_alternative``); the primary is used, and ``with_alternative_karyotype`` gives the inputs
under the other reading so both answers can be shown. A value the person gave explicitly is
kept (and, when it matches only the other reading, that reading is used); when it matches
neither, the patient is not scored (``KaryotypeConflictError``) rather than one value being
picked silently.
"""

from __future__ import annotations

from collections.abc import Mapping

from onconav.clinical.cytogenetics import KaryotypeSummary
from onconav.clinical.scores.inputs import RiskInputs

# Complex karyotype: three or more abnormalities (the contract's definition of ``complex``).
COMPLEX_MIN_ABNORMALITIES = 3

_COLUMNS: Mapping[str, str] = {
    "cyto_ipssr": "CYTO_IPSSR",
    "cyto_ipss": "CYTO_IPSS",
    "del5q": "del5q",
    "del7_7q": "del7_7q",
    "del17_17p": "del17_17p",
    "complex": "complex",
}


class KaryotypeConflictError(ValueError):
    """An explicit cytogenetic input disagrees with what the karyotype says."""


def karyotype_findings(summary: KaryotypeSummary) -> dict[str, object]:
    """The ``RiskInputs`` fields the primary reading determines (None = cannot tell)."""
    return {
        "cyto_ipssr": summary.ipssr_category,
        "cyto_ipss": summary.ipss_category,
        "del5q": summary.del5q,
        "del7_7q": summary.del7_7q,
        "del17_17p": summary.del17p_or_minus17,
        "complex": summary.complex,
    }


def alternative_findings(summary: KaryotypeSummary) -> dict[str, object] | None:
    """The fields under the other counting convention, or None when every reading agrees."""
    findings = karyotype_findings(summary)
    changed = False
    if summary.ipssr_category_alternative is not None:
        findings["cyto_ipssr"] = summary.ipssr_category_alternative
        changed = True
    if summary.ipss_category_alternative is not None:
        findings["cyto_ipss"] = summary.ipss_category_alternative
        changed = True
    other_count = summary.n_abnormalities_alternative
    if other_count is not None and summary.complex is not None:
        complex_other = other_count >= COMPLEX_MIN_ABNORMALITIES
        changed = changed or complex_other != summary.complex
        findings["complex"] = complex_other
    return findings if changed else None


def with_karyotype(patient: RiskInputs, summary: KaryotypeSummary) -> RiskInputs:
    """``patient`` with its unknown cytogenetic inputs filled in from the karyotype.

    The primary reading is used, unless an explicit value matches only the other reading:
    then the person has settled the ambiguity and the other reading fills the rest. Raises
    KaryotypeConflictError naming every input that disagrees with the reading used.
    """
    primary = karyotype_findings(summary)
    other = alternative_findings(summary)
    if other is not None and any(
        getattr(patient, field) is not None
        and getattr(patient, field) == other[field] != primary[field]
        for field in primary
    ):
        return _merged(patient, other, summary)
    return _merged(patient, primary, summary)


def with_alternative_karyotype(patient: RiskInputs, summary: KaryotypeSummary) -> RiskInputs | None:
    """``patient`` under the karyotype's other reading; None when there is no other reading
    or the explicit inputs already rule it out."""
    other = alternative_findings(summary)
    if other is None:
        return None
    try:
        merged = _merged(patient, other, summary)
    except KaryotypeConflictError:
        return None
    return None if merged == with_karyotype(patient, summary) else merged


def _merged(
    patient: RiskInputs, findings: Mapping[str, object], summary: KaryotypeSummary
) -> RiskInputs:
    updates: dict[str, object] = {}
    conflicts: list[str] = []
    for field, from_karyotype in findings.items():
        given = getattr(patient, field)
        if from_karyotype is None:
            continue
        if given is None:
            updates[field] = from_karyotype
        elif given != from_karyotype:
            conflicts.append(
                f"{_COLUMNS[field]} is {_show(given)} but the karyotype gives "
                f"{_show(from_karyotype)}"
            )
    if conflicts:
        raise KaryotypeConflictError(
            f"the karyotype {summary.karyotype!r} disagrees with the inputs: "
            + "; ".join(conflicts)
        )
    return patient.model_copy(update=updates) if updates else patient


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "present" if value else "absent"
    return str(value)
