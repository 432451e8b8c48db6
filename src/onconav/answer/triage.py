"""Red-flag triage: fixed rules that run before any answer is composed.

Levels: ``emergency`` (act now: emergency services), ``urgent`` (call the care
team today), or ``None``. A rule fires only when the question *reports* a
symptom happening to someone ("I have a fever of 38.6"), not when it asks about
the symptom in general ("what does febrile neutropenia mean?"), hypothetically
("if I get a fever ...") or denies it ("no fever").

Sources for the thresholds and symptom lists: IDSA febrile-neutropenia guideline
(Freifeld AG et al., Clin Infect Dis 2011;52:e56: fever ≥ 38.0 °C sustained or
≥ 38.3 °C once); NCI and CDC patient guidance on infection during cancer
treatment; FDA labels for differentiation syndrome (ivosidenib, enasidenib) and
venous thromboembolism (lenalidomide). The knowledge-base article
``mds-when-to-call`` explains them with citations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from onconav.answer.model import Triage

Level = Literal["emergency", "urgent"]

FEVER_CELSIUS = 38.0
FEVER_FAHRENHEIT = 100.4
# A measured temperature just under the fever line still deserves a same-day call.
LOW_GRADE_CELSIUS = 37.5
LOW_GRADE_FAHRENHEIT = 99.5

_SENTENCE_SPLIT = re.compile(
    r"(?<=[.!?;])\s+|\n+|\s+-\s+|,\s+(?=(?:and |but |so )?(?:i|my|he|she|they|we|now)\b)"
)

# Someone is reporting their (or a relative's) situation.
_PERSONAL = re.compile(
    r"\b(i|i'm|im|i've|ive|i'd|me|my|mine|we|we're|our|us|he|he's|him|his|she|she's|her|they|"
    r"they're|their|them|husband|wife|partner|mom|mum|mother|dad|father|son|daughter|brother|"
    r"sister|grandma|grandmother|grandpa|grandfather|aunt|uncle|friend|patient)\b"
)
_PRESENT = re.compile(
    r"\b(now|right now|today|tonight|this (morning|afternoon|evening)|currently|since|"
    r"for the (last|past)|keeps?|still|started|starting|just|again)\b"
)
# Asking about a symptom in general or as a hypothetical: not a report.
_GENERAL = re.compile(
    r"\b(if|what if|in case|suppose|would|could .{0,30}\bcause|can .{0,30}\bcause|"
    r"what (is|are|does|do|causes|counts as)|what's|whats|how (do|does|can|would|will|to) "
    r"|when (should|do|to|would)|signs? of|symptoms? of|mean|means|meaning|defin\w*|explain|"
    r"risk of|chance of|why (do|does|is|are)|side effects? of|is .{0,40}side effect|"
    r"should i (call|worry|go)|watch (out )?for|look out for|be worried about)\b"
)
# Strong first-person (or carer) present-tense report; wins over general phrasing.
_REPORT = re.compile(
    r"\b(i|he|she|they|we|my \w+|mom|mum|dad)\s+(have|has|had|am|is|are|got|just|keep|keeps|"
    r"started|'ve|'s|'m|feel|feels|feeling|can't|cannot|been)\b|\b(i'm|im|i've|he's|she's|"
    r"they're|we're)\b"
)
_PAST = re.compile(
    r"\b(last (week|month|year|spring|summer|autumn|fall|winter)|\d+ (weeks|months|years) ago|"
    r"years ago|months ago|weeks ago|in the past|used to|back in|when i was diagnosed)\b"
)
_NEGATION = re.compile(
    r"\b(no|not|don't|dont|doesn't|doesnt|didn't|didnt|without|never|haven't|hasn't|isn't|"
    r"denies|free of|nor)\b[\w\s,'’-]{0,25}$"
)
_TEMPERATURE = re.compile(
    r"(?P<value>\d{2,3}(?:[.,]\d{1,2})?)\s*(?:°|º|degrees?|deg)?\s*(?P<scale>c|f|celsius|fahrenheit)?\b"
)
_TEMPERATURE_CONTEXT = re.compile(r"\b(fever|temp|temperature|febrile|thermometer|°|degrees?)\b|°")


@dataclass(frozen=True)
class Finding:
    rule: str
    level: Level


@dataclass(frozen=True)
class _Rule:
    id: str
    level: Level
    pattern: re.Pattern[str]
    # Phrases like "kill myself" are reports by their wording alone.
    needs_context: bool = True
    # Extra condition on the whole question (e.g. a drug must be mentioned).
    also: Callable[[str], bool] | None = None


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_IDH_INHIBITOR = _rx(
    r"\b(ivosidenib|tibsovo|enasidenib|idhifa|olutasidenib|rezlidhia|idh inhibitor)"
)
_LENALIDOMIDE = _rx(r"\b(lenalidomide|revlimid)\b")
_TRANSFUSION = _rx(r"\b(transfusion|transfused|blood bag|platelets? infusion)")
_TRANSPLANT = _rx(r"\b(transplant|bmt|hct|stem cell)")

_RULES: tuple[_Rule, ...] = (
    _Rule("fever", "emergency", _rx(r"\b(fever\w*|febrile|running a temp|high temp\w*)\b")),
    _Rule(
        "chills",
        "emergency",
        _rx(
            r"\b(shaking chills|rigou?rs|chills|shivering|uncontrollable shaking|"
            r"shaking all over)\b"
        ),
    ),
    _Rule(
        "bleeding_will_not_stop",
        "emergency",
        _rx(
            r"\b(nose)?bleed\w*[^.?!]{0,40}\b(won't|will not|wont|doesn't|does not|can't|"
            r"cannot|isn't|is not|not)\s+(stop\w*|slow\w*)|"
            r"\b(nosebleed|nose bleed|bleeding)[^.?!]{0,30}\b(for|over)"
            r"\s+(\d+|an?|half an)\s*(min\w*|hour\w*)|\b(heavy|severe|uncontrolled|gushing|pouring)"
            r"\s+(\w+\s+)?bleed\w*|\bbleed\w* (heavily|a lot|everywhere)"
        ),
    ),
    _Rule(
        "blood_in_stool_or_vomit",
        "emergency",
        _rx(
            r"\b(blood|bloody)\b[^.?!]{0,20}\b(stool|stools|poop|bowel|vomit\w*|throw\w* up|sick)|"
            r"\b(vomit\w*|throw\w* up|cough\w* up|spit\w* up)\s+(up\s+)?blood|"
            r"\b(black|tarry|maroon)\s+(\w+\s+)?(stool|stools|poop|bowel)|coffee.grounds?|"
            r"\b(stool|stools|poop|bowel movements?)\b[^.?!]{0,20}\b(black|tarry|maroon|bloody)"
        ),
    ),
    _Rule(
        "sudden_severe_headache",
        "emergency",
        _rx(
            r"\b(sudden|severe|worst|terrible|excruciating|thunderclap|awful)\s+(\w+\s+)?"
            r"headache|\bworst headache"
        ),
    ),
    _Rule(
        "confusion",
        "emergency",
        _rx(
            r"\b(confused|confusion|disoriented|not making sense|delirious|can't think straight)\b"
        ),
    ),
    _Rule(
        "chest_pain_or_breathing",
        "emergency",
        _rx(
            r"\bchest (pain|pressure|tightness|hurts?)|\b(trouble|difficulty|hard|struggling|"
            r"struggle|can't|cannot|unable to)\s+(to\s+)?breath\w*|\bshort(ness)? of breath|"
            r"\bbreathless\w*|\bgasping"
        ),
    ),
    _Rule(
        "fainting",
        "emergency",
        _rx(
            r"\b(faint(ed|ing)?|passed out|pass out|passing out|blacked out|"
            r"lost consciousness|collapsed)\b"
        ),
    ),
    _Rule(
        "stroke_signs",
        "emergency",
        _rx(
            r"\b(having a stroke|face (is )?droop\w*|drooping face|slurr\w+ (speech|words)|"
            r"slurring|can't (speak|talk) properly|(numb|weak)\w* (on )?one side|"
            r"one side of (my|his|her|their) (body|face))\b"
        ),
    ),
    _Rule("seizure", "emergency", _rx(r"\b(seizure|seizures|convuls\w+|having a fit)\b")),
    _Rule(
        "transfusion_reaction",
        "emergency",
        _rx(
            r"\b(fever|chills|hives|rash|itch\w*|short of breath|breath\w*|back pain|dark urine|"
            r"red urine|swell\w*|wheez\w*|reaction)\b"
        ),
        also=lambda q: (
            bool(_rx(r"\b(during|after|since|from)\b[^.?!]{0,25}").search(q))
            and bool(_TRANSFUSION.search(q))
        ),
    ),
    _Rule(
        "differentiation_syndrome",
        "emergency",
        _rx(
            r"\b(fever|short of breath|breath\w*|cough\w*|swell\w*|weight gain|gaining weight|"
            r"dizz\w*|low blood pressure)\b"
        ),
        also=lambda q: bool(_IDH_INHIBITOR.search(q)),
    ),
    _Rule(
        "blood_clot_signs",
        "emergency",
        _rx(
            r"\b(swollen|swelling|painful|pain in|red)\b[^.?!]{0,20}\b(leg|calf|calves|thigh)|"
            r"\b(leg|calf|thigh)\b[^.?!]{0,20}\b(swollen|swelling|pain|red|warm)"
        ),
        also=lambda q: bool(_LENALIDOMIDE.search(q)),
    ),
    _Rule(
        "self_harm",
        "emergency",
        _rx(
            r"\b(kill (myself|me)|end (it all|my life|things)|ending (it all|my life)|"
            r"take my (own )?"
            r"life|don't want to (live|be alive|be here|go on)|better off dead|hurt(ing)? myself|"
            r"harm(ing)? myself|no reason to live|want to die|wish i (was|were) dead)\b"
        ),
        needs_context=False,
    ),
    _Rule("suicidal_thoughts", "emergency", _rx(r"\b(suicid\w*|self.harm\w*)\b")),
    # --- urgent: call the care team today ---
    _Rule(
        "bruising_or_petechiae",
        "urgent",
        _rx(
            r"\b(bruis\w+|petechia\w*|tiny red (dots|spots)|purple spots|pinpoint (red )?spots|"
            r"bleeding gums|gums? (are |is )?bleed\w*|nosebleeds?|nose bleeds?|"
            r"nose (is )?bleeding)\b"
        ),
    ),
    _Rule(
        "infection_signs",
        "urgent",
        _rx(
            r"\b(burning|burns?|stings?|painful|pain|hurts?)\b[^.?!]{0,15}\b(urinat\w*|pee\w*)|"
            r"\b(cough\w*|sore throat|mouth sores?|ulcers? in (my|his|her) mouth)\b|"
            r"\b(line|port|picc|catheter)\b[^.?!]{0,25}"
            r"\b(red|swollen|painful|oozing|pus)"
        ),
    ),
    _Rule("dizziness", "urgent", _rx(r"\b(dizzy|dizziness|light.?headed|room (is )?spinning)\b")),
    _Rule(
        "diarrhea_or_vomiting",
        "urgent",
        _rx(
            r"\b(severe|bad|lots of|watery|constant|nonstop)\s+(\w+\s+)?diarrh\w+|can't keep (food|"
            r"fluids|water|anything) down|\bvomit\w* (all day|all night|repeatedly|for \w+)"
        ),
    ),
    _Rule(
        "rash_after_transplant",
        "urgent",
        _rx(r"\b(rash|diarrh\w+|yellow (skin|eyes)|jaundice)\b"),
        also=lambda q: bool(_TRANSPLANT.search(q)),
    ),
    _Rule("blasts_in_blood", "urgent", _rx(r"\bblasts?\b[^.?!]{0,20}\b(blood|smear)\b")),
    _Rule(
        "extreme_fatigue",
        "urgent",
        _rx(r"\b(can't get out of bed|too weak to (stand|walk)|sudden(ly)? (very )?weak)\b"),
    ),
)

_ORDER: dict[Level | None, int] = {None: 0, "urgent": 1, "emergency": 2}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def _is_report(sentence: str) -> bool:
    lowered = sentence.lower()
    if _PAST.search(lowered):
        return False
    if _REPORT.search(lowered):
        # "If I have a fever ..." is still a hypothetical.
        return not re.search(
            r"\b(if|what if|in case|suppose|when i get|should i (get|ever))\b", lowered
        )
    if _GENERAL.search(lowered):
        return False
    personal = bool(_PERSONAL.search(lowered)) or bool(_PRESENT.search(lowered))
    # A bare report with a measurement ("fever 38.9 on azacitidine") is a report too.
    measured = bool(_measured_temperature(lowered))
    return personal or measured


def _negated(sentence: str, start: int) -> bool:
    return bool(_NEGATION.search(sentence[:start].lower()))


def _measured_temperature(text: str) -> list[tuple[float, str]]:
    """Temperatures written near a temperature word, with their scale (C or F)."""
    if not _TEMPERATURE_CONTEXT.search(text):
        return []
    found: list[tuple[float, str]] = []
    for match in _TEMPERATURE.finditer(text):
        value = float(match.group("value").replace(",", "."))
        scale = (match.group("scale") or "").lower()[:1]
        if not scale:
            if 34.0 <= value <= 43.0:
                scale = "c"
            elif 93.0 <= value <= 110.0:
                scale = "f"
            else:
                continue
        found.append((value, scale))
    return found


def _temperature_findings(sentence: str) -> list[Finding]:
    findings: list[Finding] = []
    for value, scale in _measured_temperature(sentence.lower()):
        fever_line, low_line = (
            (FEVER_CELSIUS, LOW_GRADE_CELSIUS)
            if scale == "c"
            else (FEVER_FAHRENHEIT, LOW_GRADE_FAHRENHEIT)
        )
        if value >= fever_line:
            findings.append(Finding("fever", "emergency"))
        elif value >= low_line:
            findings.append(Finding("low_grade_temperature", "urgent"))
    return findings


_COUNT = r"(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>k|k/ul|x ?10\^?9|/ul|thousand)?"
_PLATELETS = re.compile(r"\b(platelets?|plt|plts)\b[^0-9.?!]{0,20}" + _COUNT, re.IGNORECASE)
_ANC = re.compile(r"\b(anc|neutrophils?|neutrophil count)\b[^0-9.?!]{0,20}" + _COUNT, re.IGNORECASE)


def _count_findings(sentence: str) -> list[Finding]:
    """Very low counts the person reports (platelets < 10, ANC < 0.5 ×10⁹/L)."""
    findings: list[Finding] = []
    for match in _PLATELETS.finditer(sentence):
        value = float(match.group("value").replace(",", ""))
        if value >= 1000:  # written per microlitre, e.g. 8,000
            value /= 1000
        if value < 10:
            findings.append(Finding("very_low_platelets", "urgent"))
    for match in _ANC.finditer(sentence):
        value = float(match.group("value").replace(",", "."))
        if value >= 50:  # written per microlitre, e.g. 300
            value /= 1000
        if value < 0.5:
            findings.append(Finding("very_low_neutrophils", "urgent"))
    return findings


def find_red_flags(question: str) -> list[Finding]:
    """Every red-flag rule that fires, most serious first."""
    findings: dict[str, Finding] = {}
    lowered_question = question.lower()
    for sentence in _sentences(question):
        report = _is_report(sentence)
        if report:
            for finding in (*_temperature_findings(sentence), *_count_findings(sentence)):
                findings.setdefault(finding.rule, finding)
        for rule in _RULES:
            if rule.id in findings:
                continue
            if rule.also is not None and not rule.also(lowered_question):
                continue
            match = rule.pattern.search(sentence)
            if match is None or _negated(sentence, match.start()):
                continue
            if rule.needs_context and not report:
                continue
            if rule.id == "fever" and _measured_below_fever(sentence):
                continue
            findings[rule.id] = Finding(rule.id, rule.level)
    return sorted(findings.values(), key=lambda f: -_ORDER[f.level])


def _measured_below_fever(sentence: str) -> bool:
    """ "A low fever of 37.6" is measured and below the line: the temperature rule decides."""
    measured = _measured_temperature(sentence.lower())
    return bool(measured) and all(
        value < (FEVER_CELSIUS if scale == "c" else FEVER_FAHRENHEIT) for value, scale in measured
    )


@dataclass(frozen=True)
class SafetyNumbers:
    emergency: str
    crisis: str
    crisis_name: str


def triage(question: str, numbers: SafetyNumbers) -> Triage:
    findings = find_red_flags(question)
    if not findings:
        return Triage()
    level = findings[0].level
    rules = tuple(f.rule for f in findings)
    if {"self_harm", "suicidal_thoughts"} & set(rules):
        return Triage(
            level="emergency",
            rules=rules,
            message=(
                "You matter, and you do not have to face this alone. If you are thinking about "
                "ending your life or harming yourself, please reach out for support right now."
            ),
            actions=(
                f"Call or text {numbers.crisis} to reach {numbers.crisis_name}, any time, "
                "day or night.",
                f"If you are in danger right now, call {numbers.emergency} or go to the nearest "
                "emergency department.",
                "If you can, tell someone you trust, and let your care team know how you are "
                "feeling.",
            ),
        )
    if level == "emergency":
        return Triage(
            level="emergency",
            rules=rules,
            message=_emergency_message(rules),
            actions=(
                f"Call {numbers.emergency} or go to the nearest emergency department now.",
                "Tell them you have MDS (or another blood cancer) and what treatment you are on.",
                "Then let your hematology care team know, using their after-hours number if "
                "needed.",
            ),
        )
    return Triage(
        level="urgent",
        rules=rules,
        message=(
            "What you describe should be checked by your care team today. Please do not wait "
            "for your next appointment."
        ),
        actions=(
            "Call your hematology care team today; in the evening or at the weekend, use their "
            "after-hours number.",
            f"If it gets worse, or you develop a fever, bleeding that will not stop or trouble "
            f"breathing, call {numbers.emergency}.",
        ),
    )


_EMERGENCY_REASONS: dict[str, str] = {
    "fever": "a fever",
    "chills": "shaking chills",
    "bleeding_will_not_stop": "bleeding that will not stop",
    "blood_in_stool_or_vomit": "blood in stool or vomit",
    "sudden_severe_headache": "a sudden, severe headache",
    "confusion": "confusion",
    "chest_pain_or_breathing": "chest pain or trouble breathing",
    "fainting": "fainting",
    "stroke_signs": "signs of a stroke",
    "seizure": "a seizure",
    "transfusion_reaction": "a possible reaction to a transfusion",
    "differentiation_syndrome": "possible differentiation syndrome on an IDH inhibitor",
    "blood_clot_signs": "possible signs of a blood clot on lenalidomide",
}


def _emergency_message(rules: tuple[str, ...]) -> str:
    reasons = [_EMERGENCY_REASONS[r] for r in rules if r in _EMERGENCY_REASONS]
    described = reasons[0] if len(reasons) == 1 else ", ".join(reasons[:-1]) + " and " + reasons[-1]
    return f"This may be an emergency. You mentioned {described}. Get medical help now."
