"""Gene symbols of myeloid NGS panels, and the older names reports still print.

The list covers the genes of the IPSS-M model (Bernard E et al., NEJM Evid 2022) and of
common commercial and academic myeloid panels; a symbol not listed is still read when it
stands directly before a transcript or HGVS notation.
"""

from __future__ import annotations

import re

MYELOID_GENES = frozenset(
    """
    ABL1 ANKRD26 ASXL1 ASXL2 ATM ATRX BCL2 BCOR BCORL1 BCR BRAF BRCC3 CALR CBL CBLB CDKN2A
    CEBPA CHEK2 CREBBP CSF1R CSF3R CSNK1A1 CUX1 DDX41 DDX54 DHX34 DNMT3A EP300 ERCC6L2 ERG
    ETNK1 ETV6 EZH2 FBXW7 FLT3 GATA1 GATA2 GNAS GNB1 HRAS IDH1 IDH2 IKZF1 IRF1 JAK1 JAK2 JAK3
    KDM6A KIT KMT2A KMT2C KMT2D KRAS LUC7L2 MBD4 MECOM MPL MYC MYD88 NF1 NOTCH1 NPM1 NRAS
    NSD1 NUP98 PDGFRA PDGFRB PHF6 PIGA PPM1D PRPF8 PTEN PTPN11 PTPRD RAD21 RB1 RTEL1 RUNX1
    SAMD9 SAMD9L SETBP1 SF1 SF3A1 SF3B1 SH2B3 SMC1A SMC3 SRP72 SRSF2 STAG2 STAT3 STAT5B SUZ12
    TERC TERT TET2 TP53 U2AF1 U2AF2 UBA1 WT1 ZBTB7A ZRSR2
    """.split()
)
ALIASES = {"MLL": "KMT2A", "C-KIT": "KIT", "CKIT": "KIT", "EVI1": "MECOM", "C-MPL": "MPL"}

_ALL = sorted(MYELOID_GENES | set(ALIASES), key=len, reverse=True)
GENE = re.compile(rf"(?<![A-Za-z0-9\-_.])(?P<gene>{'|'.join(map(re.escape, _ALL))})(?![A-Za-z0-9])")
# A symbol directly before a transcript or c./p. notation, for genes not in the list.
GENE_BEFORE_HGVS = re.compile(
    r"(?<![A-Za-z0-9\-_.])(?P<gene>[A-Z][A-Z0-9]{1,9})(?=\s*[:(]?\s*(?:N[MR]_\d|ENST\d|c\.\S|p\.\S))"
)
GENE_LIKE = re.compile(r"(?<![A-Za-z0-9\-_.])[A-Z][A-Z0-9]{1,9}(?:-[A-Z0-9]{1,4})?(?![A-Za-z0-9])")


def canonical(symbol: str) -> str:
    """Upper-case HGNC symbol; KMT2A for MLL."""
    key = symbol.upper()
    return ALIASES.get(key, key)
