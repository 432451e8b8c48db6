"""Every number the WHO 2022 and ICC 2022 rules use, named, with its source and status.

Thresholds belong to one system unless the name says otherwise: WHO and ICC disagree on
SF3B1 and TP53 cut-offs, and neither is the IPSS-M 0.55 TP53 rule (that lives with the
scores). VAFs are fractions (0.10 = 10 %); blasts, ring sideroblasts and cellularity are
percentages. Status letters as in ``sources.Verification``.
"""

from __future__ import annotations

from typing import Final

# --- Cytopenia: both systems use the same thresholds (V: CAP_MDS_REVIEW, CCUS definition
# shared by WHO5 and ICC; anaemia cut-offs also V in the ASH table of WHO anaemia criteria).
HEMOGLOBIN_LOW_MALE_G_DL: Final = 13.0
HEMOGLOBIN_LOW_FEMALE_G_DL: Final = 12.0
NEUTROPHILS_LOW_10E9_L: Final = 1.8
PLATELETS_LOW_10E9_L: Final = 150.0

# --- Morphology shared by both systems.
DYSPLASIA_MIN_PERCENT_OF_LINEAGE: Final = 10  # V: CAP_MDS_REVIEW (CCUS falls short of 10 %)
CLONAL_HEMATOPOIESIS_MIN_VAF: Final = 0.02  # V: CAP_MDS_REVIEW; ICC CMUS table ("≥ 2 %")
STANDARD_METAPHASE_COUNT: Final = 20  # M: MDS_BRIEF §3.3 rule 7

# --- Blasts (V: WHO2022 Table 3; ICC AML table; JHO 2024 Table 3). Intervals are
# half-open: a value equal to a limit belongs to the higher interval.
MARROW_BLASTS_INCREASED: Final = 5.0  # WHO IB1 / ICC EB from 5 %
MARROW_BLASTS_HIGH: Final = 10.0  # WHO IB2 / ICC MDS/AML from 10 %
BLOOD_BLASTS_INCREASED: Final = 2.0  # WHO IB1 / ICC EB from 2 %
WHO_BLOOD_BLASTS_IB2: Final = 5.0  # WHO IB2 from 5 % in blood
ICC_BLOOD_BLASTS_MDS_AML: Final = 10.0  # ICC MDS/AML from 10 % in blood
AML_BLASTS: Final = 20.0  # both systems
ICC_RECURRENT_GENETICS_AML_BLASTS: Final = 10.0  # V: ICC AML table (BCR::ABL1 needs 20)

# --- WHO 2022 only.
WHO_SF3B1_MIN_VAF: Final = 0.05  # V: SF3B1_WHO_ICC_LETTER; JHO 2024 Table 3
WHO_RING_SIDEROBLASTS_MIN_PERCENT: Final = 15.0  # V: WHO2022 Table 3, footnote a
WHO_HYPOPLASTIC_MAX_CELLULARITY_PERCENT: Final = 25.0  # V: WHO2022 Table 3, footnote b
WHO_FIBROSIS_MIN_GRADE: Final = 2  # V: JHO 2024 Table 3 (MDS-f = grade 2-3 fibrosis)
# WHO sets no minimum TP53 VAF (V: JHO 2024 Table 3). A single mutation above this VAF may
# be taken as presumptive biallelic loss once a germline variant is excluded
# (V: TP53_WHO_ICC_COHORT, "VAF > 49 %").
WHO_TP53_PRESUMPTIVE_BIALLELIC_VAF_ABOVE: Final = 0.49

# --- ICC 2022 only.
ICC_SF3B1_MIN_VAF: Final = 0.10  # V: SF3B1_WHO_ICC_LETTER; JHO 2024 Table 3
ICC_TP53_MIN_VAF: Final = 0.10  # V: JHO 2024 Table 3; TP53_WHO_ICC_COHORT
# M: one mutation at or above this VAF counts as multi-hit (MDS_BRIEF §1.3).
ICC_TP53_MULTIHIT_SINGLE_MUTATION_MIN_VAF: Final = 0.50

# --- Neighbouring entities the engine only points to (consider-flags).
MONOCYTES_MIN_10E9_L: Final = 0.5  # V: WHO2022 Table 6; ICC CMML table
MONOCYTES_MIN_PERCENT_OF_WBC: Final = 10.0  # V: same tables
THROMBOCYTOSIS_MIN_10E9_L: Final = 450.0  # M for 2022 (V in the WHO 2016 MDS/MPN-RS-T table)

# --- Risk note on CCUS (V as cited in MDS_BRIEF: MALCOVATI2017).
CCUS_HIGH_RISK_MIN_VAF: Final = 0.10
CCUS_HIGH_RISK_MIN_MUTATIONS: Final = 2
