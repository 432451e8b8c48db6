"""What the risk models and the classifications need to know about a karyotype.

This is the contract between the ISCN parser (``onconav.clinical.karyotype``),
which produces a ``KaryotypeSummary``, and its consumers (IPSS / IPSS-R / IPSS-M
inputs, WHO 2022 and ICC 2022 classification). ``None`` always means "not known",
never "absent".
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class IpssrCytoCategory(StrEnum):
    """IPSS-R cytogenetic risk group (Schanz J et al., J Clin Oncol 2012;30:820).

    Spelled as the ipssm R package and the web calculator spell ``CYTO_IPSSR``.
    """

    VERY_GOOD = "Very Good"
    GOOD = "Good"
    INTERMEDIATE = "Intermediate"
    POOR = "Poor"
    VERY_POOR = "Very Poor"

    @property
    def rank(self) -> int:
        """0 (Very Good) to 4 (Very Poor): IPSS-M's CYTOVEC and IPSS-R's ordering."""
        return list(IpssrCytoCategory).index(self)


class IpssCytoCategory(StrEnum):
    """IPSS (1997) karyotype group (Greenberg P et al., Blood 1997;89:2079)."""

    GOOD = "Good"
    INTERMEDIATE = "Intermediate"
    POOR = "Poor"


class KaryotypeSummary(BaseModel):
    """Derived cytogenetic findings. ``None`` = unknown (e.g. failed culture)."""

    model_config = ConfigDict(frozen=True)

    karyotype: str
    normal: bool | None
    # Canonical arm-level codes of the clonal abnormalities counted, e.g. "-7", "+8",
    # "del(5q)", "del(7q)", "del(17p)", "i(17q)", "inv(3)", "t(3;3)", "t(8;21)", "-Y".
    abnormalities: tuple[str, ...]
    n_abnormalities: int | None
    # When conventions disagree (-Y with others, der(1;7), ranges), the other count.
    n_abnormalities_alternative: int | None = None
    metaphases: int | None = None

    complex: bool | None  # >= 3 abnormalities (IPSS-R, IPSS-M, IPSS 1997)
    monosomal: bool | None  # Breems 2008: >= 2 autosomal monosomies, or 1 + structural
    del5q: bool | None
    minus7: bool | None
    del7q: bool | None
    del17p_or_minus17: bool | None
    i17q: bool | None
    abn_3q: bool | None  # inv(3), t(3q) or del(3q): IPSS-R "poor"
    mecom_rearranged: bool | None  # inv(3)(q21q26) / t(3;3)(q21;q26) and other 3q26.2 events

    ipssr_category: IpssrCytoCategory | None
    ipssr_rule: str  # the Schanz 2012 rule that decided the category, in words
    ipss_category: IpssCytoCategory | None
    ipss_rule: str
    # The group under the other reading when conventions disagree (see ``flags``);
    # None when every reading gives the same group.
    ipssr_category_alternative: IpssrCytoCategory | None = None
    ipss_category_alternative: IpssCytoCategory | None = None

    # Recurrent rearrangements that move the diagnosis towards AML regardless of blasts
    # (WHO 2022) or from 10 % blasts (ICC 2022), e.g. "RUNX1::RUNX1T1", "CBFB::MYH11".
    aml_defining: tuple[str, ...] = ()
    # Cases where conventions disagree or the input is ambiguous: flagged, never guessed.
    flags: tuple[str, ...] = ()

    @property
    def del7_7q(self) -> bool | None:
        """IPSS-M's ``del7_7q``: -7 or del(7q)."""
        return _any_known(self.minus7, self.del7q)


def _any_known(*values: bool | None) -> bool | None:
    if any(v is True for v in values):
        return True
    if all(v is False for v in values):
        return False
    return None
