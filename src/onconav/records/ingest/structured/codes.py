"""Codes that name what a structured record holds.

LOINC codes were each checked against published LOINC term listings (loinc.org pages or
implementation-guide value sets quoting the long common name); the name is kept beside
each code. Only codes whose meaning matches the analyte exactly are listed: a result
under any other code still appears as a rendered line for the text extractors.
"""

from __future__ import annotations

from onconav.clinical.units import Analyte

LOINC_SYSTEM = "http://loinc.org"
LOINC_OID = "2.16.840.1.113883.6.1"
SNOMED_SYSTEM = "http://snomed.info/sct"
SNOMED_OID = "2.16.840.1.113883.6.96"

LOINC_ANALYTES: dict[str, Analyte] = {
    "718-7": Analyte.HEMOGLOBIN,  # Hemoglobin [Mass/volume] in Blood
    "777-3": Analyte.PLATELETS,  # Platelets [#/volume] in Blood by Automated count
    "26515-7": Analyte.PLATELETS,  # Platelets [#/volume] in Blood
    "6690-2": Analyte.WBC,  # Leukocytes [#/volume] in Blood by Automated count
    "26464-8": Analyte.WBC,  # Leukocytes [#/volume] in Blood
    "804-5": Analyte.WBC,  # Leukocytes [#/volume] in Blood by Manual count
    "751-8": Analyte.ANC,  # Neutrophils [#/volume] in Blood by Automated count
    "26499-4": Analyte.ANC,  # Neutrophils [#/volume] in Blood
    "742-7": Analyte.MONOCYTES,  # Monocytes [#/volume] in Blood by Automated count
    "26484-6": Analyte.MONOCYTES,  # Monocytes [#/volume] in Blood
    "787-2": Analyte.MCV,  # MCV [Entitic mean volume] in Red Blood Cells by Automated count
    "30428-7": Analyte.MCV,  # MCV [Entitic mean volume] in Red Blood Cells
    "26446-5": Analyte.BLOOD_BLASTS,  # Blasts/Leukocytes in Blood
    "4679-7": Analyte.RETICULOCYTES_PERCENT,  # Reticulocytes/100 erythrocytes in Blood
    "17849-1": Analyte.RETICULOCYTES_PERCENT,  # ... in Blood by Automated count
    "14196-0": Analyte.RETICULOCYTES_ABSOLUTE,  # Reticulocytes [#/volume] in Blood
    "60474-4": Analyte.RETICULOCYTES_ABSOLUTE,  # ... in Blood by Automated count
    "15061-5": Analyte.EPO,  # Erythropoietin (EPO) [Units/volume] in Serum or Plasma
    "2276-4": Analyte.FERRITIN,  # Ferritin [Mass/volume] in Serum or Plasma
    "2498-4": Analyte.IRON,  # Iron [Mass/volume] in Serum or Plasma
    "2500-7": Analyte.TIBC,  # Iron binding capacity [Mass/volume] in Serum or Plasma
    "2502-3": Analyte.TRANSFERRIN_SATURATION,  # Iron saturation [Mass Fraction] in Ser/Plas
    "2132-9": Analyte.B12,  # Cobalamin (Vitamin B12) [Mass/volume] in Serum or Plasma
    "2284-8": Analyte.FOLATE,  # Folate [Mass/volume] in Serum or Plasma
    "5631-7": Analyte.COPPER,  # Copper [Mass/volume] in Serum or Plasma
    "2532-0": Analyte.LDH,  # Lactate dehydrogenase [Enzymatic activity/volume] in Ser/Plas
}

# HL7 Genomics Reporting: variant observations and their components.
GENETIC_VARIANT_ASSESSMENT = "69548-6"
GENE_STUDIED = "48018-6"
DNA_CHANGE = "48004-6"  # c.HGVS
AMINO_ACID_CHANGE = "48005-3"  # p.HGVS
SAMPLE_VARIANT_ALLELE_FREQUENCY = "81258-6"
ALLELIC_READ_DEPTH = "82121-5"
TRANSCRIPT_REFERENCE = "51958-7"
GENOMIC_SOURCE_CLASS = "48002-0"
CLINICAL_SIGNIFICANCE = "53037-8"
PRESENT = "LA9633-4"
ABSENT = "LA9634-2"
GERMLINE = "LA6683-2"
SOMATIC = "LA6684-0"

# SNOMED CT procedures that say which blood product was transfused.
TRANSFUSION_PRODUCTS: dict[str, str] = {
    "116863004": "rbc",  # Transfusion of red blood cells (procedure)
    "12719002": "platelets",  # Platelet transfusion (procedure)
}

# HL7 v3 ObservationInterpretation codes mapped to the flag a lab report prints.
ABNORMAL_FLAGS: dict[str, str] = {
    "H": "H",
    "HH": "H",
    "HU": "H",
    ">": "H",
    "L": "L",
    "LL": "L",
    "LU": "L",
    "<": "L",
}

# The old name of KMT2A still printed by many laboratories.
GENE_ALIASES = {"MLL": "KMT2A"}
