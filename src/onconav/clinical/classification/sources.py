"""The publications the classification rules rest on, cited by every criterion they produce.

Verification tags used in rule docstrings (same meaning as MDS_BRIEF.md §0):
- V: checked against a stored copy of the source or an authoritative reproduction of it.
- M: from the project's domain brief, not re-checked; the result carries a flag.
- U: uncertain or conflicting between sources; the engine flags instead of deciding.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verification(StrEnum):
    VERIFIED = "V"
    UNVERIFIED = "M"
    UNCERTAIN = "U"


@dataclass(frozen=True)
class Source:
    """A citable publication and, where it matters, the table or section used."""

    key: str
    citation: str
    locator: str = ""

    def at(self, locator: str) -> Source:
        return Source(self.key, self.citation, locator)

    def __str__(self) -> str:
        return f"{self.citation}, {self.locator}" if self.locator else self.citation


WHO2022 = Source(
    "who2022",
    "Khoury JD et al. The 5th edition of the WHO Classification of Haematolymphoid Tumours: "
    "Myeloid and Histiocytic/Dendritic Neoplasms. Leukemia 2022;36:1703-1719. "
    "doi:10.1038/s41375-022-01613-1",
)
WHO2022_MDS_TABLE = WHO2022.at("Table 3 (MDS)")
WHO2022_CMML_TABLE = WHO2022.at("Table 6 (CMML)")

ICC2022 = Source(
    "icc2022",
    "Arber DA et al. International Consensus Classification of Myeloid Neoplasms and Acute "
    "Leukemias. Blood 2022;140:1200-1228. doi:10.1182/blood.2022015850",
)
ICC2022_AML_TABLE = ICC2022.at("AML table: blast percentage required per genetic class")
ICC2022_CMML_TABLE = ICC2022.at("CMML and CMUS diagnostic criteria tables")
ICC2022_MDS = ICC2022.at("MDS classification")

WHO_ICC_COMPARISON = Source(
    "jho2024",
    "A practical approach on the classifications of myeloid neoplasms and acute leukemia: "
    "WHO and ICC. J Hematol Oncol 2024. doi:10.1186/s13045-024-01571-4",
    "Table 3 (WHO-HAEM5 vs ICC, adult MDS)",
)
CAP_MDS_REVIEW = Source(
    "cap-mds",
    "College of American Pathologists. What's New in Myelodysplastic Syndromes in Adults: "
    "ICC vs WHO5 and beyond (cap.org member resources article)",
    "CCUS and cytopenia definitions",
)
AML_CLASSIFICATION_REVIEW = Source(
    "park2024",
    "Park HS. What is new in acute myeloid leukemia classification? Blood Res 2024;59:15. "
    "doi:10.1007/s44313-024-00016-8",
)
SF3B1_WHO_ICC_LETTER = Source(
    "sf3b1-letter",
    "Letter to the Editor comparing WHO 2022 and ICC criteria for MDS-SF3B1. Leukemia 2022. "
    "doi:10.1038/s41375-022-01783-y",
)
TP53_WHO_ICC_COHORT = Source(
    "tp53-cohort",
    "Shah MV, Hiwase DK et al. Mayo Clinic and South Australia cohort applying WHO 5th edition "
    "and ICC TP53 definitions (abstract; see also Blood Cancer J 2025, "
    "doi:10.1038/s41408-025-01290-0)",
)
LEE2024 = Source(
    "lee2024",
    "Lee WH et al. Comparison of the 2022 WHO classification and ICC in myelodysplastic "
    "syndromes/neoplasms. Blood Cancer J 2024;14:57. doi:10.1038/s41408-024-01031-9",
)
MALCOVATI2017 = Source(
    "malcovati2017",
    "Malcovati L et al. Clinical significance of somatic mutation in unexplained blood "
    "cytopenia. Blood 2017;129:3371-3378",
)
VALENT2017 = Source(
    "valent2017",
    "Valent P et al. Proposed minimal diagnostic criteria for myelodysplastic syndromes (MDS) "
    "and potential pre-MDS conditions. Oncotarget 2017;8:73483-73500",
)
DOMAIN_BRIEF = Source(
    "mds-brief",
    "onconav MDS domain brief (MDS_BRIEF.md), author's knowledge of the cited guideline, "
    "not re-checked",
)
