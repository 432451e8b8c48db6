"""How labs name the blood tests we read, and the units and reference ranges beside them.

Short abbreviations that are also ordinary words or symbols (Fe, Cu, LD) match only in
their printed case. Plain "Neutrophils" and "Monocytes" name a differential percentage as
often as an absolute count, so they are read only with a count unit (see ``needs_count``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onconav.clinical.units import Analyte

_B = r"(?<![A-Za-z0-9])"  # no letter or digit before a label
_E = r"(?![A-Za-z0-9])"  # ... nor after it
# "absolute" as English, German (absolut), Dutch (absoluut) and French (absolus) print it.
_ABSOLUTE = r"abs(?:olute|olut|oluut|olus)?\.?"
_ABS = (
    rf"(?:\s*,?\s*(?:{_ABSOLUTE}|#|\(\s*(?:{_ABSOLUTE}|#)\s*\)"
    rf"|count\s*,?\s*{_ABSOLUTE}))"
)
# Neutrophils and monocytes in English, German, Dutch and French spellings.
_NEUTROPHILS = r"(?:polynucl[ée]aires\s+)?neut(?:ro(?:phil(?:ocyte|e[ns]?|s)?|fiel(?:en)?))?s?"
_MONOCYTES = r"mono(?:[cz]yt(?:e[ns]?|s)?)?s?"
# Reticulocytes in English, Dutch (reticulocyten) and German (Retikulozyten) spellings.
_RETICULOCYTES = r"reti[ck](?:ulo[cz]yt(?:e[ns]?|s)?)?s?"


@dataclass(frozen=True)
class LabLabel:
    analyte: Analyte
    pattern: str
    needs_count: bool = False  # only read with a count unit (plain "Neutrophils")
    blood_only: bool = False  # only in a peripheral blood context ("Blasts")


LABELS: tuple[LabLabel, ...] = (
    LabLabel(
        Analyte.TIBC,
        r"tibc|total\s+iron[\s-]+binding\s+capacity|iron[\s-]+binding\s+capacity",
    ),
    LabLabel(
        Analyte.TRANSFERRIN_SATURATION,
        r"transferrin\s+sat(?:uration)?(?:\s+index)?|tsat|iron\s+sat(?:uration)?"
        r"|%\s*sat(?:uration)?|sat(?:uration)?\s*%",
    ),
    LabLabel(
        Analyte.ANC,
        rf"anc|agc|absolute\s+neutrophil(?:s|\s+count)?|absolute\s+granulocyte\s+count"
        rf"|abs(?:olute)?\.?\s+neut(?:rophil)?s?(?:\s+count)?|{_NEUTROPHILS}{_ABS}"
        rf"|neut(?:rophil)?s?\s+abs|segs?\s*#|(?-i:PNN)",
    ),
    LabLabel(Analyte.ANC, rf"{_NEUTROPHILS}|granulo[cz]yt(?:e[ns]?|s)?", needs_count=True),
    LabLabel(
        Analyte.MONOCYTES,
        rf"amc|absolute\s+monocyte(?:s|\s+count)?|abs(?:olute)?\.?\s+mono(?:cyte)?s?"
        rf"|{_MONOCYTES}{_ABS}",
    ),
    LabLabel(Analyte.MONOCYTES, _MONOCYTES, needs_count=True),
    LabLabel(
        Analyte.RETICULOCYTES_ABSOLUTE,
        rf"absolute\s+{_RETICULOCYTES}(?:\s+count)?|abs(?:olute)?\.?\s+{_RETICULOCYTES}"
        rf"|{_RETICULOCYTES}(?:\s+count)?{_ABS}|arc",
    ),
    LabLabel(
        Analyte.RETICULOCYTES_PERCENT,
        rf"{_RETICULOCYTES}(?:\s+count)?(?:\s*\(?%\)?)?",
    ),
    LabLabel(
        Analyte.HEMOGLOBIN,
        r"h(?:a)?emoglobin|h[ée]moglobine|h[äa]moglobin|emoglobina|hgb|(?-i:Hb|HB|hb)",
    ),
    LabLabel(
        Analyte.PLATELETS,
        r"platelets?(?:\s+count)?|plts?|th?rombo[cz]yt(?:e[ns]?|s)|plaquettes|piastrine",
    ),
    LabLabel(
        Analyte.WBC,
        r"wbc(?:\s+count)?|white\s+blood\s+cells?(?:\s+count)?|white\s+(?:blood\s+)?cell\s+count"
        r"|white\s+count|total\s+leu[ck]ocyte\s+count|leu[ck]o[cz]yt(?:e[ns]?|s)?(?:\s+count)?|tlc"
        r"|globules\s+blancs",
    ),
    LabLabel(Analyte.MCV, r"mcv|mean\s+(?:corpuscular|cell)\s+volume"),
    LabLabel(
        Analyte.BLOOD_BLASTS,
        r"(?:peripheral\s+(?:blood\s+)?|pb\s+|circulating\s+)?(?:myelo)?blasts?(?:\s+cells)?"
        r"(?:\s*(?:,|\()\s*(?:peripheral(?:\s+blood)?|circulating|pb)(?:\s*\))?)?",
        blood_only=True,
    ),
    LabLabel(
        Analyte.EPO,
        r"(?:serum\s+)?erythropoietin(?:\s+level)?|(?:serum\s+|s-?)?epo(?:\s+level)?",
    ),
    LabLabel(Analyte.FERRITIN, r"(?:serum\s+)?ferritine?"),
    LabLabel(
        Analyte.IRON,
        r"(?:serum\s+|total\s+)?iron(?!\s*(?:stain|stores?|binding|sat|deficien|overload"
        r"|chelat|studies|panel|profile|indices|level\s+stain))|(?-i:Fe)",
    ),
    LabLabel(
        Analyte.B12,
        r"(?:vitamine?|vit\.?)\s*b[\s-]?12|(?-i:B12|b12|B-12)|(?:cyano)?cobalamine?",
    ),
    LabLabel(
        Analyte.FOLATE,
        r"(?:serum\s+|rbc\s+|red\s+cell\s+)?fol(?:ate|ic\s+acid)|fols[äa]ure|foliumzuur"
        r"|acide\s+folique",
    ),
    LabLabel(Analyte.COPPER, r"(?:serum\s+)?copper|(?-i:Cu)"),
    LabLabel(
        Analyte.LDH,
        r"ldh(?:\s+total)?|lactate\s+dehydrogenase|lactic\s+(?:acid\s+)?dehydrogenase|(?-i:LD)",
    ),
)

LABEL_PATTERN = re.compile(
    "|".join(f"{_B}(?P<l{index}>{label.pattern}){_E}" for index, label in enumerate(LABELS)),
    re.IGNORECASE,
)


def label_of(match: re.Match[str]) -> LabLabel:
    return LABELS[int(str(match.lastgroup)[1:])]


# Letters and digits OCR confuses in the short labels of a results table: 'Plt' read as
# 'Pit' or 'P1t', 'WBC' as 'W8C'.
_OCR_CONFUSABLE = str.maketrans(
    {"1": "l", "|": "l", "!": "l", "i": "l", "I": "l", "8": "B", "0": "O"}
)
_FIRST_TOKEN = re.compile(r"^[\s|]*(?P<t>[A-Za-z0-9|!]{2,5})(?![A-Za-z0-9])")


def ocr_repaired_label(text: str) -> tuple[str, tuple[int, int] | None]:
    """On an OCR page, the line's first word read back as a lab label when it is one but for
    characters OCR confuses, and that word's span; the line unchanged (and None) otherwise.
    Only the row label is tried: a word inside a sentence is left as printed."""
    token = _FIRST_TOKEN.match(text)
    if token is None or LABEL_PATTERN.fullmatch(token.group("t")):
        return text, None
    repaired = token.group("t").translate(_OCR_CONFUSABLE)
    if repaired == token.group("t") or not LABEL_PATTERN.fullmatch(repaired):
        return text, None
    start, end = token.span("t")
    return text[:start] + repaired + text[end:], (start, end)


# A unit as printed; ``onconav.clinical.units.normalise`` decides whether it is known.
UNIT = re.compile(
    r"""
    (?<![\w/^])
    (?:
        (?:[x×*]\s*)?10\s*(?:\^|\*\*?|e)\s*(?:3|6|9|12)\s*/\s*(?:[uµμ]l|mcl|l|mm3|mm³|cumm)
      | (?:[x×]\s*)?10\s*[³⁶⁹]\s*/\s*(?:[uµμ]l|mcl|l|mm3|mm³)
      | (?:k|thou|thous|thousand|cells|g)\s*/\s*(?:[uµμ]l|mcl|mm3|mm³|cumm|l)
      | /\s*(?:[uµμ]l|mcl|mm3|mm³|cumm|nl)
      | m\s*/\s*(?:[uµμ]l|mcl)
      | (?:g|gm|mg|[uµμ]g|mcg|ng|pg)\s*/\s*(?:dl|l|ml)
      | (?:m?mol|[uµμ]mol|nmol|pmol)\s*/\s*l
      | (?:m?i?u|iu)\s*/\s*(?:ml|l)
      | fl | [uµμ]m3 | [uµμ]m³
    )
    (?![\w/])
    | %
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Something printed where a unit goes that is not one we know ("Q/dL", an OCR-damaged g/dL;
# "x10A9/L"): a per-volume shape, kept so the fact says unit_unknown and shows what was printed.
UNIT_LIKE = re.compile(
    r"(?<![\w/])(?=[^\s/]*[A-Za-z^*µμ])[A-Za-z0-9^*µμ.]{1,8}\s?/\s?(?:dl|l|ul|µl|μl|ml|mm3|mm³)"
    r"(?![\w/])",
    re.IGNORECASE,
)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|\.\d+"
REFERENCE_RANGE = re.compile(
    rf"""
    (?P<open>[(\[]\s*)?
    (?:(?:ref(?:erence)?|normal|nl|nr|rr|range)\.?(?:\s*(?:range|interval|values?))?\s*[:=]?\s*)?
    (?P<range>
        (?:{_NUM})\s*(?:-|–|—|to)\s*(?:{_NUM})
      | (?:<=|>=|[<>≤≥])\s*(?:{_NUM})
    )
    (?:\s*(?P<unit>{UNIT.pattern}))?
    (?(open)\s*[)\]])
    """,
    re.IGNORECASE | re.VERBOSE,
)

FLAG = re.compile(
    r"\s*(?:[(\[]\s*)?(?P<flag>HH|LL|H|L|High|Low|Abnormal|Abn|Critical|CRIT|A|↑|↓|\*+)(?:\s*[)\]])?"
    r"(?![A-Za-z0-9])",
)
_HIGH = {"HH", "H", "HIGH", "↑", "CRITICAL HIGH"}
_LOW = {"LL", "L", "LOW", "↓"}


def abnormal_flag(text: str) -> str | None:
    """'H' or 'L' for a printed high/low flag; other markers (A, *) are not directions."""
    key = text.strip().upper()
    if key in _HIGH:
        return "H"
    if key in _LOW:
        return "L"
    return None
