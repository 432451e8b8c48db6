"""How NGS reports write a variant: transcript, HGVS (den Dunnen JT et al., Hum Mutat
2016;37:564), VAF, depth, AMP/ASCO/CAP tier (Li MM et al., J Mol Diagn 2017;19:4) and the
ACMG-style classification, plus the assays reported apart from the panel."""

from __future__ import annotations

import re

from onconav.records.extract.numbers import DECIMAL

TRANSCRIPT = re.compile(r"\b(?:N[MR]_\d+(?:\.\d+)?|ENST\d+(?:\.\d+)?)")
HGVS_C = re.compile(r"(?<![\w.])c\.[0-9*_+\-]+[A-Za-z0-9>_+\-]*")
HGVS_P = re.compile(
    r"(?<![\w.])p\.(?:\([A-Za-z*=?][A-Za-z0-9*_=?]*\)|[A-Z][a-z]{0,2}\d+[A-Za-z0-9*_=?]*|=|\?)"
)
PROTEIN_SHORT = re.compile(
    r"(?<![\w.*])[ACDEFGHIKLMNPQRSTVWY](?:[a-z]{2})?\d{1,4}"
    r"(?:[ACDEFGHIKLMNPQRSTVWY](?:[a-z]{2})?(?:fs\*?\d*|\*\d+)?|\*|fs\*?\d*|del|dup|ins[A-Z]*|X)"
    r"(?![\w])"
)
VAF_LABELLED = re.compile(
    r"(?:\bVAF|variant\s+allele\s+(?:frequency|fraction)|\ballele\s+(?:frequency|fraction)"
    r"|(?<![A-Za-z0-9])AF(?![A-Za-z0-9]))\s*(?:\(\s*%\s*\))?\s*(?:of\s+|was\s+|[:=~]\s*)?(?:approximately\s+)?"
    rf"(?P<v>{DECIMAL})\s*(?P<pct>%)?",
    re.I,
)
VAF_BEFORE = re.compile(
    rf"(?P<v>{DECIMAL})\s*(?P<pct>%)\s*(?:VAF|variant\s+allele|allele\s+(?:frequency|fraction)"
    r"|of\s+(?:reads|alleles))"
    r"|(?<![\w.])(?P<f>0?\.\d+)\s*(?:VAF|variant\s+allele|allele\s+(?:frequency|fraction))",
    re.I,
)
# "limit of detection 2% VAF", "LOD 5%", "sensitivity about 1%": a property of the test.
LIMIT_OF_DETECTION = re.compile(
    r"(?:limit\s+of\s+detection|detection\s+limit|\bLoD\b|analytical\s+sensitivity|sensitivity"
    r"|reporting\s+(?:limit|threshold)|at\s+or\s+above|threshold)[^;,)%]{0,25}?"
    rf"{DECIMAL}\s*%(?:\s*(?:VAF|variant\s+allele\s+(?:frequency|fraction)|allelic\s+ratio))?",
    re.I,
)
BARE_PERCENT = re.compile(rf"(?<![\w.,])(?P<v>{DECIMAL})\s*%")
DEPTH = re.compile(
    r"(?:\bdepth|\bcoverage|read\s+depth|total\s+reads|\breads|\bDP)\s*(?:\(\s*x\s*\))?\s*[:=]?\s*"
    r"(?P<d>\d[\d,]*)\s*x?(?![\d.])"
    r"|(?P<x>\d[\d,]{1,})\s*[xX](?![A-Za-z0-9])"
    r"|(?P<r>\d[\d,]*)\s+(?:total\s+)?reads\b",
    re.I,
)
TIER = re.compile(r"\btier\s*(?P<t>IV|I{1,3}|[1-4])(?P<sub>[ABC])?\b", re.I)
CLASSIFICATION = re.compile(
    r"\blikely\s+pathogenic|\bpathogenic|variants?\s+of\s+(?:uncertain|unknown|undetermined)"
    r"\s+(?:clinical\s+)?significance|\bVUS\b|\buncertain\s+significance|\blikely\s+benign"
    r"|\bbenign",
    re.I,
)
GERMLINE = re.compile(r"\bgermline\b|\bconstitutional\b|\binherited\b|\bheritable\b", re.I)
SOMATIC = re.compile(r"\bsomatic\b", re.I)
GERMLINE_DOUBT = re.compile(
    r"\b(?:possible|possibly|potential(?:ly)?|may|might|could|suspect\w*|cannot\s+(?:be\s+)?"
    r"(?:exclude|ruled)|consider\w*|recommend\w*|suggest\w*|should|rule\s+out"
    r"|(?:to|for)\s+confirm\w*|confirmation|unconfirmed|not\s+confirmed)\b",
    re.I,
)
RESULT_WORDS = re.compile(
    r"\bdetected\b|\bpositive\b|\bidentified\b|\bfound\b|\bharbou?rs?\b|\bcarries\b|\bpresent\b"
    r"|[\w]-mutated\b|\bmutated\b|\bmutation\s+(?:was\s+)?(?:detected|identified|present)",
    re.I,
)
ALLELIC_RATIO = re.compile(rf"allelic\s+ratio\s*(?:\(AR\))?\s*[:=]?\s*(?P<v>{DECIMAL})", re.I)

FLT3_ITD = re.compile(
    r"\bFLT3[\s-]*(?:\(?\s*)?ITD\b|\bFLT3\s+internal\s+tandem\s+duplication", re.I
)
FLT3_TKD = re.compile(
    r"\bFLT3[\s-]*(?:ITD\s*(?:/|and|,)\s*)?TKD\b|\bFLT3\s+(?:D835\w*|tyrosine\s+kinase\s+domain)",
    re.I,
)
KMT2A_PTD = re.compile(
    r"\b(?:KMT2A|MLL)(?:\s*\(\s*(?:KMT2A|MLL)\s*\))?[\s-]*(?:\(?\s*)?"
    r"(?:PTD\b|partial\s+tandem\s+duplication)"
    r"|partial\s+tandem\s+duplication\s+(?:of|in)\s+(?:KMT2A|MLL)",
    re.I,
)
TP53_CONTEXT = re.compile(r"\bTP53\b|\b17p(?:13(?:\.1)?)?\b", re.I)
LOH = re.compile(
    r"\b(?:copy[\s-]*neutral\s+)?(?:LOH|loss\s+of\s+heterozygosity|uniparental\s+disomy|cn-?LOH)\b",
    re.I,
)
COPY_LOSS = re.compile(
    r"\bcopy[\s-]*number\s+(?:loss|deletion)|\bCN\s*loss|\bdeletion\b|\bdeleted\b|\bloss\b"
    r"|\bdel\(17p\)|\bhemizygous\b|\bmonoallelic\s+loss\b",
    re.I,
)

GENE_LIST_HEADING = re.compile(
    r"\b(?:genes?\s+(?:tested|analy[sz]ed|included|covered|evaluated|sequenced|interrogated"
    r"|assessed|examined)|gene\s+(?:list|coverage|content)"
    r"|genes\s+(?:in|on|of)\s+(?:this|the)\s+(?:panel|assay)"
    r"|panel\s+(?:includes|genes|content|covers)|(?:the\s+)?following\s+(?:\d+\s+)?genes"
    r"|targeted\s+genes|regions?\s+(?:tested|analy[sz]ed))\b",
    re.I,
)
# A list of genes under a negative heading: "Not detected: ASXL1, DNMT3A, ...".
NEGATIVE_LIST_HEADING = re.compile(
    r"^\s*(?:not\s+detected|negative(?:\s+for(?:\s+(?:variants?|mutations?))?)?"
    r"|no\s+(?:pathogenic\s+|likely\s+pathogenic\s+|reportable\s+|clinically\s+significant\s+"
    r"|significant\s+)*(?:variants?|mutations?|alterations?)\s+(?:were\s+)?"
    r"(?:detected|identified|found|reported)(?:\s+in)?"
    r"|wild[\s-]?type(?:\s+genes)?|genes\s+without\s+(?:reportable\s+)?(?:variants?|mutations?))"
    r"\s*(?:\([^)]*\))?\s*:",
    re.I,
)
ASSAY_LABEL = re.compile(
    r"^\s*(?:assay|test(?:\s+(?:name|performed|ordered))?|panel|methodology|method)\s*[:=]\s*"
    r"(?P<name>.{3,90}?)\s*$",
    re.I,
)
ASSAY_WORDS = re.compile(
    r"panel|NGS|sequenc|myeloid|heme|hematolog|FoundationOne|TruSight|Oncomine", re.I
)
TABLE_HEADER_WORDS = re.compile(
    r"\b(?:gene|variant|VAF|allele|depth|coverage|reads|tier|classification|transcript|protein"
    r"|cDNA|HGVS|significance|consequence|exon)\b",
    re.I,
)
