"""What is the question about (disease) and what does the person want (intent)?

Both are decided by explicit, reviewable word rules rather than a trained model:
the vocabulary of MDS questions is small and a wrong intent should be explainable.
Retrieval fills the gap when no rule fires (the best article's intents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onconav.kb.model import Disease, Intent


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_DISEASE_PATTERNS: dict[Disease, re.Pattern[str]] = {
    Disease.CMML: _rx(r"\b(cmml|chronic myelomonocytic)"),
    Disease.AML: _rx(r"\b(aml|acute myeloid|acute myelogenous|acute myelocytic|acute leuk\w*)\b"),
    Disease.MDS: _rx(
        r"\b(mds|myelodysplas\w*|myelodysplastic|preleuk\w*|pre-leuk\w*|ccus|chip|icus|"
        r"clonal (hematopoiesis|haematopoiesis|cytopenia)|ring(ed)? sideroblasts?|del\(?5q\)?|"
        r"5q|ipss\S*|sf3b1|refractory an(a)?emia|mds-\w+)"
    ),
}
# Other cancers onconav has no content for yet; such questions get an honest "not yet".
_OTHER_CANCER = _rx(
    r"\b(breast|lung|prostate|colon|colorectal|pancrea\w*|ovarian|cervical|skin|brain|thyroid|"
    r"bladder|kidney|liver|stomach|esophag\w*|testicular|uterine|head and neck|bone)\s+"
    r"(cancer|tumou?r|carcinoma)s?\b|\b(lymphoma|myeloma|melanoma|sarcoma|glioblastoma|"
    r"mesothelioma|neuroblastoma|hodgkin\w*|chronic lymphocytic|acute lymphoblastic)\b"
)

# Words that show a question is about health, care or the things onconav covers.
_DOMAIN = _rx(
    r"\b(mds|aml|cmml|cancer|leuk(a)?emia|blood|marrow|platelet\w*|hemoglobin|haemoglobin|"
    r"anemi\w*|anaemi\w*|neutro\w*|transfus\w*|transplant\w*|donor|chemo\w*|doctor\w*|"
    r"oncolog\w*|hematolog\w*|haematolog\w*|nurse|hospital|clinic\w*|diagnos\w*|treat\w*|"
    r"therap\w*|drug\w*|medic\w*|symptom\w*|side effect\w*|fever|infection\w*|bleed\w*|"
    r"bruis\w*|tired|fatigue|prognos\w*|surviv\w*|life expectancy|risk|score|ipss\S*|"
    r"gene\w*|mutation\w*|karyotype|chromosom\w*|biopsy|test\w*|result\w*|report\w*|record\w*|"
    r"trial\w*|second opinion|insurance|caregiver\w*|care team|azacitidine|decitabine|"
    r"luspatercept|lenalidomide|imetelstat|ivosidenib|venetoclax|epo|esa|iron|ferritin|"
    r"blast\w*|cells?|sick|ill|illness|disease|health|pain|hurt\w*|die|dying|death|worr\w*|"
    r"scared|afraid|anxious|depress\w*|suicid\w*|tp53|sf3b1|asxl1|runx1|dnmt3a|tet2|idh\d?|"
    r"npm1|flt3|ezh2|srsf2|u2af1|vaf|fish|ngs|panel|subtype|icc|5q|"
    # Everyday life with an illness, which people ask about without naming it.
    r"boss|employer|cowork\w*|kids|children|grandchild\w*|family|wine|beer|alcohol|"
    r"swim\w*|fly|flying|flight|plane|travel\w*|garden\w*|pets?|dogs?|cats?|sex|intimacy|"
    r"vaccin\w*|flu shot|appetite|weight|sleep\w*)\b"
)
# Requests for tasks that are not questions about health at all.
_OFF_TOPIC_TASK = _rx(
    r"^\s*(please |can you |could you )?(help me )?(write|compose|draft|translate|code|program|"
    r"summari[sz]e|tell me) (me )?(a|an|my|some)? ?(poem|story|essay|cover letter|resume|cv|"
    r"email|song|code|program|script|joke|riddle|limerick)"
)


@dataclass(frozen=True)
class IntentRule:
    intent: Intent
    pattern: re.Pattern[str]
    weight: float


# Order matters only for ties; weights express how specific a phrase is.
_INTENT_RULES: tuple[IntentRule, ...] = (
    IntentRule(
        Intent.SECOND_OPINION,
        _rx(
            r"second opinion|another (doctor|opinion|expert)|"
            r"(offend|upset|insult)\w* (my|the) (doctor|oncologist|hematologist)|"
            r"centers? of excellence|nci.designated|expert (center|centre)|specialist center|"
            r"copy of my (records|chart|results)|my (medical )?records|right to (my )?records|"
            r"hipaa|request (my )?records|slides"
        ),
        3.0,
    ),
    # Asking what to do about one's own treatment outweighs the drug names in the question.
    IntentRule(
        Intent.ADVICE_SEEKING,
        _rx(
            r"\bshould (i|we|he|she|my \w+) (stop|start|take|skip|"
            r"switch|change|refuse|try|quit|continue|pause|delay|keep|hold)|"
            r"\bis it (ok|okay|safe|wise|better) (to|if)|\bdo i (need|have) to (take|have|get|do)|"
            r"\bwhich (treatment|option|drug) (is best|should)|\bwhat would you (do|recommend)|"
            r"\bcan i (stop|skip|quit)|\bstop (my|taking)\b"
        ),
        4.5,
    ),
    IntentRule(
        Intent.TRANSPLANT,
        _rx(
            r"transplant|\bhct\b|\bbmt\b|stem cell|donor|\bhla\b|"
            r"graft|gvhd|conditioning|haplo\w*"
        ),
        2.0,
    ),
    IntentRule(
        Intent.TRIALS,
        _rx(
            r"\btrials?\b|clinicaltrials|experimental|study drug|"
            r"new (drug|treatment)s?|research study|investigational"
        ),
        3.0,
    ),
    IntentRule(
        Intent.RISK_SCORES,
        _rx(
            r"ipss\S*|risk (score|group|category|level)|"
            r"\bscore\b|scoring|calculator|moderate (high|low)|lower.risk|higher.risk|"
            r"low.risk|high.risk|intermediate.1|int-1|int-2"
        ),
        2.0,
    ),
    IntentRule(
        Intent.PROGNOSIS,
        _rx(
            r"prognos\w*|life expectancy|how long (do|will|can|does) "
            r"(i|you|he|she|they|people|patients|my \w+) (have|live|survive|last)|"
            r"surviv\w*|\bcure\w*\b|curable|terminal|\bdie\b|dying|outlook|turn into (aml|leuk)|"
            r"become (aml|leukemia)|progress\w* to|transform\w*"
        ),
        2.0,
    ),
    IntentRule(
        Intent.GENETICS,
        _rx(
            r"\b(tp53|sf3b1|asxl1|runx1|ezh2|srsf2|u2af1|zrsr2|dnmt3a|tet2|"
            r"idh1|idh2|npm1|flt3|kmt2a|mll|stag2|bcor|ddx41|gata2|etv6|cbl|nras|kras)\b|"
            r"mutation\w*|\bgenes?\b|genetic\w*|\bvaf\b|allele|variant\w*|ngs|sequencing|"
            r"inherit\w*|germline|hereditary|familial|karyotype|chromosom\w*|cytogenetic\w*|"
            r"fish test|del\(?5q|monosomy|trisomy|complex karyotype"
        ),
        1.5,
    ),
    IntentRule(
        Intent.SUBTYPE,
        _rx(
            r"subtype\w*|\btype of mds|classif\w*|who 2022|\bicc\b|(?-i:\bWHO\b)|"
            r"different name|mds-\w+|ib1|ib2|excess blasts|low blasts|hypoplastic|"
            r"ring(ed)? sideroblast\w*|mds with|myelodysplastic neoplasm"
        ),
        1.5,
    ),
    IntentRule(
        Intent.DIAGNOSIS,
        _rx(
            r"diagnos\w*|biopsy|aspirate|bone marrow test|marrow test|"
            r"blood test\w*|\bcbc\b|blood count\w*|how (do|did) (they|doctors) know|confirm|"
            r"pathology|report|\bflow\b|smear|\btests?\b|workup|work-up|b12|folate|copper"
        ),
        1.2,
    ),
    IntentRule(
        Intent.LOWER_RISK_TREATMENT,
        _rx(
            r"luspatercept|reblozyl|\besas?\b|epoetin|"
            r"darbepoetin|procrit|aranesp|erythropoie\w*|lenalidomide|revlimid|imetelstat|rytelo|"
            r"\batg\b|cyclosporine|immunosuppress\w*|anemia treatment|treat\w* (my )?anemia|"
            r"watch and wait|watchful waiting|\bepo\b"
        ),
        2.0,
    ),
    IntentRule(
        Intent.HIGHER_RISK_TREATMENT,
        _rx(
            r"azacitidine|vidaza|decitabine|dacogen|inqovi|"
            r"cedazuridine|hypomethylating|\bhmas?\b|ivosidenib|tibsovo|enasidenib|venetoclax|"
            r"venclexta|induction|intensive chemo\w*"
        ),
        2.0,
    ),
    IntentRule(
        Intent.TRANSFUSIONS_IRON,
        _rx(
            r"transfus\w*|iron|ferritin|chelat\w*|deferasirox|"
            r"jadenu|exjade|deferoxamine|red cells|platelet transfusion|blood bank"
        ),
        2.0,
    ),
    # "Side effects of X" is about side effects, whatever X is.
    IntentRule(Intent.SIDE_EFFECTS, _rx(r"side.effects?|adverse (effects?|reactions?)"), 3.0),
    IntentRule(
        Intent.SIDE_EFFECTS,
        _rx(
            r"nausea|constipat\w*|diarrh\w*|"
            r"infection\w*|neutropeni\w*|rash|hair loss|injection site|fever|when (to|should i) "
            r"call|red flags?|emergency|warning signs|what to watch"
        ),
        1.5,
    ),
    IntentRule(
        Intent.CAREGIVERS,
        _rx(
            r"caregiv\w*|caring for|care for (my|a)|look(ing)? after (my|a)|"
            r"my (mom|mum|mother|dad|father|husband|wife|partner|parent)\b|carer"
        ),
        1.6,
    ),
    IntentRule(
        Intent.LIVING,
        _rx(
            r"\banxi\w*|scared|afraid|frighten\w*|depress\w*|emotion\w*|support group|"
            r"counsel\w*|cope|coping|lonely|overwhelm\w*|\bsad\b|worried"
        ),
        2.5,
    ),
    IntentRule(
        Intent.LIVING,
        _rx(
            r"fatigue|tired|exhaust\w*|\bdiet\b|\beat\w*|food|exercise|work|"
            r"\bjob\b|employer|travel|sex|alcohol|vaccin\w*|"
            r"sleep|money|cost|insurance|afford|financ\w*"
        ),
        1.2,
    ),
    IntentRule(
        Intent.BASICS,
        _rx(
            r"what is (mds|myelodysplas\w*|aml|cmml|ccus|chip)|what are "
            r"myelodysplastic|what does mds|is mds (a )?cancer|is (mds|it) (a )?(cancer|leukemia)|"
            r"is (mds|it) (a )?(type|kind|form) of (blood )?cancer|"
            r"how common|what causes|cause[sd]? (of )?mds|newly diagnosed|just (been )?diagnosed|"
            r"explain mds|basics|therapy.related|secondary mds|ccus|chip\b|icus"
        ),
        1.8,
    ),
)

_TREATMENT_GENERAL = _rx(r"\b(treatments?|treat|therapy|therapies|options|medicines?|drugs?)\b")
_HIGHER_RISK = _rx(r"\b(higher|high).risk|very high|excess blasts|ib2|ib1|mds-eb")
_LOWER_RISK = _rx(r"\b(lower|low).risk|very low|anemi\w*|low blasts")
_EMERGENCY_TOPIC = _rx(r"\b(emergency|when (to|should i) (call|go)|red flags?|urgent)\b")

# Non-English detection: function words of common languages, and non-Latin scripts.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """the a an is are of to and in for my what how does do i with can it on be my me this
        that should when why which have has was will""".split()
    ),
    "es": frozenset(
        """el la los las es son de del y en para mi qué que cómo como por un una con se su
        puedo tengo está estoy""".split()
    ),
    "fr": frozenset(
        """le la les est sont de des et en pour mon ma mes que comment un une avec je suis ai
        du au""".split()
    ),
    "de": frozenset(
        """der die das ist sind und in für mein meine wie was ein eine mit ich habe nicht zu
        auf""".split()
    ),
    "pt": frozenset(
        """o a os as é são de do da e em para meu minha que como um uma com eu tenho não""".split()
    ),
    "it": frozenset(
        """il lo la gli le è sono di del e in per mio mia che come un una con io ho non""".split()
    ),
    "nl": frozenset("""de het is zijn en in voor mijn wat hoe een met ik heb niet van""".split()),
}
_LATIN_WORD = re.compile(r"[a-zà-öø-ÿ']+", re.IGNORECASE)
_NON_LATIN = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff\u0e00-\u0eff"
    r"\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
)


def detect_language(text: str) -> str:
    """ "en", another language code, or "other" for a non-Latin script."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(bool(_NON_LATIN.match(c)) for c in letters) / len(letters) > 0.3:
        return "other"
    words = [w.lower() for w in _LATIN_WORD.findall(text)]
    if len(words) < 3:
        return "en"
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    # Short shared words ("a", "de") are weak evidence: English wins unless clearly beaten.
    if best != "en" and scores[best] >= 2 and scores[best] > scores["en"] * 1.5:
        return best
    return "en"


@dataclass(frozen=True)
class Understanding:
    disease: Disease
    disease_explicit: bool
    other_cancer: str | None
    intent: Intent | None
    intent_scores: dict[Intent, float]
    in_domain: bool
    off_topic_task: bool
    asks_about_treatment: bool


def understand(question: str) -> Understanding:
    disease: Disease | None = None
    for candidate, pattern in _DISEASE_PATTERNS.items():
        if pattern.search(question):
            disease = candidate
            break
    other = None
    if disease is None:
        match = _OTHER_CANCER.search(question)
        if match:
            other = match.group(0).strip()
    scores: dict[Intent, float] = {}
    for rule in _INTENT_RULES:
        hits = len(rule.pattern.findall(question))
        if hits:
            scores[rule.intent] = scores.get(rule.intent, 0.0) + rule.weight * min(hits, 3)
    if _TREATMENT_GENERAL.search(question):
        # "Treatments for higher-risk MDS" asks about treatment, not about the score.
        if _HIGHER_RISK.search(question):
            target: Intent | None = Intent.HIGHER_RISK_TREATMENT
        elif _LOWER_RISK.search(question):
            target = Intent.LOWER_RISK_TREATMENT
        else:
            target = None
        if target is not None:
            scores[target] = scores.get(target, 0.0) + 3.0
    if _EMERGENCY_TOPIC.search(question):
        scores[Intent.SIDE_EFFECTS] = scores.get(Intent.SIDE_EFFECTS, 0.0) + 1.0
    intent = max(scores, key=lambda i: scores[i]) if scores else None
    if intent is Intent.ADVICE_SEEKING and Intent.SECOND_OPINION in scores:
        intent = Intent.SECOND_OPINION  # "should I get a second opinion?" is about opinions
    in_domain = bool(_DOMAIN.search(question)) or disease is not None
    return Understanding(
        disease=disease or Disease.MDS,
        disease_explicit=disease is not None,
        other_cancer=other,
        intent=intent,
        intent_scores=scores,
        in_domain=in_domain,
        off_topic_task=bool(_OFF_TOPIC_TASK.search(question)),
        asks_about_treatment=bool(_TREATMENT_GENERAL.search(question)),
    )
