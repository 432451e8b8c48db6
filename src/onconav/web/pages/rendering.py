"""Templates: one Jinja2 environment, the filters pages share, and ``render``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import Response

from onconav import dates
from onconav.records.model import FactValue
from onconav.report.fact_kinds import kind_label
from onconav.report.markup import display_units, inline_markdown, template_environment
from onconav.web.pages.visitor import Visitor
from onconav.web.sessions import CSRF_FIELD, CSRF_HEADER

NAV = (
    ("ask", "/ask", "Ask"),
    ("records", "/records", "Records"),
    ("situation", "/situation", "My situation"),
    ("second-opinion", "/second-opinion", "Second opinion"),
    ("account", "/account", "Account"),
)
NOTICE = "notice"
FLAG_WORDS = {
    "unit_missing": "no unit was printed",
    "unit_unknown": "the unit was not recognised",
    "date_ambiguous": "the date could be read two ways",
    "date_missing": "no date was found",
    "ocr_repaired": "the scan was hard to read here and the text was repaired",
    "ocr_low_confidence": "the scan was hard to read here",
    "hedged": "the report sounds unsure",
    "negated_context": "the report may say it is absent",
    "reference_only": "only the reference range was found",
    "unparsed": "the text could not be fully read",
    "superseded": "a later report replaces this value",
    "conflicting": "another report gives a different value",
    "outside_validated_setting": "outside the setting the scores were built for",
    "user_corrected": "corrected by you",
}
ACTION_WORDS = {
    "patient.create": "added this person",
    "patient.share": "shared the records read-only with another account",
    "patient.unshare": "stopped sharing the records with an account",
    "document.add": "added a document",
    "document.view": "viewed a document",
    "document.download": "downloaded an original document",
    "document.delete": "deleted a document",
    "fact.correct": "corrected a value",
    "profile.view": "viewed the profile (My situation)",
    "risk.view": "viewed the risk scores",
    "packet.view": "made the second-opinion packet",
    "answer.personal": "asked a question with these records",
}
DISCLAIMER = (
    "onconav explains what guidelines and studies say about MDS, with sources. It is "
    "information, not medical advice: decisions about your care belong with you and your care "
    "team. In an emergency, call your local emergency number."
)


def citation_marks(numbers: Iterable[int]) -> Markup:
    """Superscript links to the numbered sources, each named for screen readers."""
    links = [
        f'<a class="cite-link" href="#cite-{int(n)}" aria-label="Source {int(n)}">{int(n)}</a>'
        for n in numbers
    ]
    if not links:
        return Markup("")
    return Markup(f'<sup class="cite">[{", ".join(links)}]</sup>')  # integers only


def show_unit(unit: str | None) -> str:
    if not unit or unit == "fraction":
        return ""
    return display_units(unit)


def show_value(value: FactValue, unit: str | None = None) -> str:
    """A value as a person reads it: numbers without trailing zeros, yes/no for booleans."""
    if value is None:
        return "not known"
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value).replace("_", " ") if str(value).islower() else str(value)
    if unit == "fraction" and isinstance(value, float):
        return f"{value:.0%}"
    shown = show_unit(unit)
    return f"{text} {shown}" if shown else text


def long_date(value: dt.date | dt.datetime | None) -> str:
    return "date not known" if value is None else dates.long_date(value)


FACT_LABELS = {
    "hemoglobin": "Hemoglobin",
    "platelets": "Platelets",
    "wbc": "White blood cells (WBC)",
    "anc": "Neutrophils (ANC)",
    "monocytes": "Monocytes",
    "mcv": "Red cell size (MCV)",
    "blood_blasts": "Blasts in the blood",
    "reticulocytes_percent": "Reticulocytes (%)",
    "reticulocytes_absolute": "Reticulocytes",
    "epo": "Serum EPO",
    "ferritin": "Ferritin",
    "iron": "Iron",
    "tibc": "Iron-binding capacity (TIBC)",
    "transferrin_saturation": "Transferrin saturation",
    "b12": "Vitamin B12",
    "folate": "Folate",
    "copper": "Copper",
    "ldh": "LDH",
    "marrow_blasts": "Marrow blasts",
    "cyto_ipssr": "Cytogenetic risk group (IPSS-R)",
    "tp53_mutations": "TP53 mutations",
    "tp53_max_vaf": "Highest TP53 VAF",
    "tp53_loh": "TP53 loss of heterozygosity",
    "mll_ptd": "KMT2A partial tandem duplication",
    "flt3": "FLT3 (ITD or TKD)",
    "hla": "HLA typing",
    # The score models' input names (as in the IPSS-M batch format).
    "HB": "Hemoglobin",
    "PLT": "Platelets",
    "BM_BLAST": "Marrow blasts",
    "ANC": "Neutrophils (ANC)",
    "AGE": "Age",
    "TP53maxvaf": "Highest TP53 VAF",
    "CYTO_IPSSR": "Cytogenetic risk group (IPSS-R)",
    "CYTO_IPSS": "Cytogenetic group (IPSS)",
    "TP53mut": "Number of TP53 mutations",
    "del5q": "del(5q)",
    "del7_7q": "-7 or del(7q)",
    "del17_17p": "-17 or del(17p)",
    "complex": "Complex karyotype",
    "TP53loh": "TP53 loss of heterozygosity",
    "MLL_PTD": "KMT2A partial tandem duplication",
    "FLT3": "FLT3 (ITD or TKD)",
}
# The order in which kinds of values are listed, most used first.
KIND_ORDER = (
    "lab",
    "marrow",
    "karyotype",
    "fish",
    "variant",
    "gene_status",
    "diagnosis",
    "treatment",
    "transfusion",
    "performance_status",
    "hla",
    "identity",
)


def short_date(value: dt.date | dt.datetime | None) -> str:
    return "not known" if value is None else f"{value.day} {value:%b %Y}"


def fact_label(name: str) -> str:
    """How a value's canonical name reads; gene names (TP53, SF3B1) are kept as written."""
    if name in FACT_LABELS:
        return FACT_LABELS[name]
    if name.isupper():
        return name
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


def flag_words(flag: str) -> str:
    return FLAG_WORDS.get(flag, flag.replace("_", " "))


def by_kind(facts: Iterable[Any]) -> list[tuple[str, list[Any]]]:
    """Facts (or anything with ``.kind`` or ``.fact.kind``) grouped by kind, in KIND_ORDER."""
    groups: dict[str, list[Any]] = {}
    for item in facts:
        fact = getattr(item, "fact", item)
        groups.setdefault(str(fact.kind.value), []).append(item)
    order = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return sorted(groups.items(), key=lambda pair: order.get(pair[0], len(order)))


def leave_notice(visitor: Visitor, message: str) -> None:
    """A message to show on the next page (after a redirect)."""
    visitor.session.data[NOTICE] = message


# Where long words in narrow table headings may break on a phone (soft hyphens).
_BREAKS = {"Neutrophils": "Neutro\u00adphils", "Hemoglobin": "Hemo\u00adglobin"}


def breakable(text: str) -> str:
    for word, broken in _BREAKS.items():
        text = text.replace(word, broken)
    return text


def action_words(action: str) -> str:
    return ACTION_WORDS.get(action, action.replace(".", " ").replace("_", " "))


def ask_link(question: str) -> str:
    return "/ask?" + urlencode({"q": question})


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    environment = template_environment("onconav.web")
    environment.filters.update(
        inline=inline_markdown,
        marks=citation_marks,
        value=show_value,
        unit=show_unit,
        long_date=long_date,
        short_date=short_date,
        fact_label=fact_label,
        ask_link=ask_link,
        flag_words=flag_words,
        kind_label=kind_label,
        by_kind=by_kind,
        action_words=action_words,
        breakable=breakable,
    )
    environment.globals.update(
        nav=NAV, disclaimer=DISCLAIMER, csrf_field=CSRF_FIELD, csrf_header=CSRF_HEADER
    )
    return Jinja2Templates(env=environment)


def is_htmx(request: Request) -> bool:
    """htmx asks for a part of the page; without JavaScript the whole page is sent."""
    return request.headers.get("hx-request") == "true"


def render(
    request: Request,
    visitor: Visitor,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    active: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    full: dict[str, Any] = {
        "visitor": visitor,
        "csrf": visitor.session.csrf,
        "active": active,
        "path": request.url.path,
        # A message left by the previous request (after a redirect), shown once.
        "notice": visitor.session.data.pop(NOTICE, None),
        "error": None,
        # The "add a person" form appears on several pages.
        "person_error": None,
        "person_label": "",
        "add_person_level": 2,
    }
    full.update(context or {})
    return templates().TemplateResponse(
        request, template, full, status_code=status_code, headers=headers
    )


def safe_next(target: str | None, default: str = "/ask") -> str:
    """A redirect target on this site only (never another host, never a scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
