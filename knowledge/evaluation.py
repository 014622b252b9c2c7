"""Scoring the search engine (and naive baselines) on labelled question files.

Question files are JSON lines like ``/work/shared/eval/questions-dev.jsonl``: ``id``, ``lang``
(ky, ky-plain, ky-lat, ru, ru-typo, noise), ``q`` and ``expect`` — a list of strings of which
one must occur in the first result's ``title + text + source`` (compared after folding case,
ө/ү/ң/ё and removing spaces), or ``"ESCALATE"`` when the bot must not answer confidently.
Instead of ``expect`` a question may have ``expect_article``: the article number the first result
must cite (its ``article``, or "статья N" / "N-берене" in its citation); an inserted article
"16-1" matches 16-1, 16.1, 16¹ and the flattened 161.  With several acts imported, ``expect_act``
names the act that article must belong to: the document's id as ``kb import`` prints it
("law-30-2009-01-26"); an article of the same number in another act is then no hit.

Metrics (overall and per ``lang``):

* **hit@1** — share of questions handled right at rank 1: an answerable question whose status
  is not ``escalate`` and whose first result contains an expected string; an ESCALATE question
  whose status is not ``answered``.
* **hit@3** — the same with any of the first three results.
* **hit@1 (answerable)** — hit@1 over the answerable questions only.
* **answered** — share of ALL questions given a direct answer (status ``answered``);
  **answered wrong** is the false-confident share below (wrong answers ÷ all questions).
* **false-confident** — share of ALL questions that got ``answered`` and were wrong: either the
  question expected ESCALATE, or the first result lacks every expected string.  Its two parts
  are reported too: ``esc_answered`` (answered ESCALATE questions / ESCALATE questions) and
  ``wrong_answered`` (answerable questions answered with a wrong first result / answerable
  questions answered) — the precision of "answered".

The naive baselines answer every question (they have no decision step), so every ESCALATE
question counts against them.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from knowledge.models import Document, KnowledgeBase, Passage
from knowledge.search.articles import canonical_article
from knowledge.search.citation import format_citation
from knowledge.search.engine import split_hit_id
from knowledge.search.normalize import fold_text

ESCALATE = "ESCALATE"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEV_QUESTIONS = REPO_ROOT.parent / "shared" / "eval" / "questions-dev.jsonl"
HOLDOUT_QUESTIONS = REPO_ROOT / "tests" / "data" / "questions-holdout.jsonl"
CALIBRATION_QUESTIONS = REPO_ROOT / "tests" / "data" / "questions-calibration.jsonl"
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"


@dataclass(slots=True)
class Question:
    id: str
    lang: str
    q: str
    expect: list[str] | str
    expect_article: str | None = None
    expect_act: str | None = None  # the id of the document the article must belong to

    @property
    def escalate(self) -> bool:
        return self.expect == ESCALATE


def load_questions(path: str | Path) -> list[Question]:
    out: list[Question] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
                article = row.get("expect_article")
                if article is not None:
                    if not isinstance(article, str | int) or not str(article).strip():
                        raise ValueError("expect_article must be an article number")
                    article = str(article).strip()
                    expect: list[str] | str = []
                else:
                    expect = row.get("expect")
                    if expect is None:
                        raise ValueError("needs 'expect' or 'expect_article'")
                if expect != ESCALATE and not (
                    isinstance(expect, list) and all(isinstance(e, str) for e in expect)
                ):
                    raise ValueError("expect must be a list of strings or 'ESCALATE'")
                act = row.get("expect_act")
                if act is not None and (not isinstance(act, str) or not act.strip()):
                    raise ValueError("expect_act must be a document id")
                out.append(
                    Question(
                        str(row["id"]),
                        str(row.get("lang", "")),
                        row["q"],
                        expect,
                        article,
                        act.strip() if act else None,
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{lineno}: {exc}") from None
    return out


_ARTICLE_IN_CITATION = re.compile(
    r"(?:стать[яиейю]|ст\.)\s*(\d+(?:\s*[-.‐–]\s*\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?)"
    r"|(\d+(?:\s*[-.‐–]\s*\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?)\s*-\s*берене",
    re.IGNORECASE,
)


def article_forms(number: str) -> set[str]:
    """The ways an article number may be written: "16-1" → {"16-1", "161"}; "33" → {"33"}
    (the search's own canonical form, :func:`knowledge.search.articles.canonical_article`)."""
    canonical = canonical_article(number) or number.strip()
    return {canonical, canonical.replace("-", "")}


def result_cites_article(result: dict[str, Any], article: str) -> bool:
    """Whether a result cites ``article`` (its article field or its citation text)."""
    wanted = article_forms(article)
    cited: list[str] = []
    if result.get("article"):
        cited.append(str(result["article"]))
    for m in _ARTICLE_IN_CITATION.finditer(str(result.get("source", ""))):
        cited.append(m.group(1) or m.group(2))
    return any(article_forms(c) & wanted for c in cited)


def _result_doc(result: dict[str, Any]) -> str | None:
    """The id of the document a result belongs to ("doc:<id>#<passage>" → "<id>")."""
    if result.get("doc_id"):
        return str(result["doc_id"])
    return split_hit_id(str(result.get("id", "")))[0]


def result_matches(result: dict[str, Any], expect: Sequence[str]) -> bool:
    hay = fold_text(
        f"{result.get('title', '')} {result.get('text', '')} {result.get('source', '')}"
    )
    return any(fold_text(e) in hay for e in expect)


@dataclass(slots=True)
class Outcome:
    question: Question
    status: str
    results: list[dict[str, Any]]
    hit1: bool = False
    hit3: bool = False
    false_confident: bool = False


def result_ok(result: dict[str, Any], question: Question) -> bool:
    """Whether one result is right for an answerable question."""
    if question.expect_article is not None:
        if question.expect_act and _result_doc(result) != question.expect_act:
            return False  # the same article number of another act
        return result_cites_article(result, question.expect_article)
    assert isinstance(question.expect, list)
    return result_matches(result, question.expect)


def judge(question: Question, status: str, results: list[dict[str, Any]]) -> Outcome:
    out = Outcome(question, status, results)
    if question.escalate:
        out.hit1 = out.hit3 = status != "answered"
        out.false_confident = status == "answered"
        return out

    def ok(result: dict[str, Any]) -> bool:
        return result_ok(result, question)

    shown = status != "escalate"
    top_ok = bool(results) and ok(results[0])
    out.hit1 = shown and top_ok
    out.hit3 = shown and any(ok(r) for r in results[:3])
    out.false_confident = status == "answered" and not top_ok
    return out


# Each ratio of Metrics and the name it is reported under (``main.py eval`` JSON and tables).
REPORTED = {
    "hit1": "hit@1",
    "hit3": "hit@3",
    "hit1_answerable": "hit@1_answerable",
    "answered": "answered",
    "answered_answerable": "answered_in_scope",
    "false_confident": "false_confident",
    "esc_answered": "esc_answered",
    "wrong_answered": "wrong_answered",
}


@dataclass(slots=True)
class Metrics:
    """The figures of a set of outcomes; only :func:`metrics` builds one (every field given)."""

    n: int
    hit1: float
    hit3: float
    hit1_answerable: float
    answered: float
    answered_answerable: float  # answered ÷ answerable (in-scope) questions
    false_confident: float
    esc_answered: float
    wrong_answered: float
    statuses: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        ratios = {key: round(getattr(self, name), 3) for name, key in REPORTED.items()}
        return {"n": self.n, **ratios, "statuses": dict(self.statuses)}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def metrics(outcomes: Sequence[Outcome]) -> Metrics:
    n = len(outcomes)
    answerable = [o for o in outcomes if not o.question.escalate]
    esc = [o for o in outcomes if o.question.escalate]
    answered = [o for o in answerable if o.status == "answered"]
    return Metrics(
        n=n,
        hit1=_ratio(sum(o.hit1 for o in outcomes), n),
        hit3=_ratio(sum(o.hit3 for o in outcomes), n),
        hit1_answerable=_ratio(sum(o.hit1 for o in answerable), len(answerable)),
        answered=_ratio(sum(o.status == "answered" for o in outcomes), n),
        answered_answerable=_ratio(len(answered), len(answerable)),
        false_confident=_ratio(sum(o.false_confident for o in outcomes), n),
        esc_answered=_ratio(sum(o.status == "answered" for o in esc), len(esc)),
        wrong_answered=_ratio(sum(o.false_confident for o in answered), len(answered)),
        statuses=dict(Counter(o.status for o in outcomes)),
    )


def metrics_by_lang(outcomes: Sequence[Outcome]) -> dict[str, Metrics]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.question.lang].append(outcome)
    result = {"all": metrics(outcomes)}
    for lang in sorted(groups):
        result[lang] = metrics(groups[lang])
    return result


# A searcher takes a question and returns (status, results as dicts with title/text/source).
Searcher = Callable[[str], tuple[str, list[dict[str, Any]]]]


def run(searcher: Searcher, questions: Iterable[Question]) -> list[Outcome]:
    outcomes = []
    for question in questions:
        status, results = searcher(question.q)
        outcomes.append(judge(question, status, results))
    return outcomes


def engine_searcher(engine: Any, lang: str | None = None) -> Searcher:
    def search(q: str) -> tuple[str, list[dict[str, Any]]]:
        res = engine.search(q, lang=lang)
        return res.status, [h.as_dict() for h in res.results]

    return search


# --- naive baselines ------------------------------------------------------------------------


@dataclass(slots=True)
class _Para:
    title: str
    text: str
    source: str


def raw_paragraphs(kb: KnowledgeBase) -> list[_Para]:
    """Every passage of the KB as raw text, with the same title and citation our hits show."""
    paras: list[_Para] = []
    for doc in kb.documents:
        for passage in doc.passages:
            paras.append(
                _Para(doc.title.get("ky"), passage.text, format_citation(doc, passage, "ky"))
            )
    return paras


class WRatioBaseline:
    """rapidfuzz ``WRatio`` of the question against every raw paragraph (lower-cased)."""

    name = "rapidfuzz WRatio (raw paragraphs)"

    def __init__(self, kb: KnowledgeBase) -> None:
        self.paras = raw_paragraphs(kb)
        self.texts = [p.text for p in self.paras]

    def __call__(self, q: str) -> tuple[str, list[dict[str, Any]]]:
        found = process.extract(
            q, self.texts, scorer=fuzz.WRatio, processor=utils.default_process, limit=5
        )
        return "answered", [_para_dict(self.paras[i], score) for _, score, i in found]


_WS = re.compile(r"\s+")


class RawBM25Baseline:
    """Okapi BM25 over raw whitespace tokens (lower-cased) of the raw paragraphs."""

    name = "BM25 (raw whitespace tokens)"

    def __init__(self, kb: KnowledgeBase, k1: float = 1.2, b: float = 0.75) -> None:
        self.paras = raw_paragraphs(kb)
        self.k1, self.b = k1, b
        self.docs = [Counter(_WS.split(p.text.lower())) for p in self.paras]
        self.lens = [sum(c.values()) for c in self.docs]
        self.avg = sum(self.lens) / max(len(self.lens), 1)
        df: Counter[str] = Counter()
        for counts in self.docs:
            df.update(counts.keys())
        n = len(self.docs)
        self.idf = {t: math.log1p((n - d + 0.5) / (d + 0.5)) for t, d in df.items()}

    def __call__(self, q: str) -> tuple[str, list[dict[str, Any]]]:
        terms = _WS.split(q.lower().strip())
        scored = []
        for i, counts in enumerate(self.docs):
            score = 0.0
            norm = self.k1 * (1 - self.b + self.b * self.lens[i] / self.avg)
            for term in terms:
                tf = counts.get(term)
                if tf:
                    score += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
            if score > 0:
                scored.append((score, i))
        scored.sort(reverse=True)
        return "answered", [_para_dict(self.paras[i], s) for s, i in scored[:5]]


def _para_dict(para: _Para, score: float) -> dict[str, Any]:
    return {"title": para.title, "text": para.text, "source": para.source, "score": score}


# --- a knowledge base straight from the seed texts (tests, development) ---------------------


def seed_knowledge_base(seeds_dir: str | Path = SEEDS_DIR) -> KnowledgeBase:
    """One document per seed file, one passage per paragraph (no translations, no FAQ)."""
    docs: list[Document] = []
    for n, path in enumerate(sorted(Path(seeds_dir).glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        paras = [p.strip() for p in re.split(r"\n\s*\n|\n(?=•)", text) if len(p.strip()) > 20]
        if not paras:
            continue
        title = paras[0].splitlines()[0][:200]
        passages = [Passage(id=f"p{i}", text=p) for i, p in enumerate(paras)]
        docs.append(
            Document(
                id=f"seed{n}",
                kind="news",
                title={"ky": title},
                source=path.name,
                passages=passages,
            )
        )
    return KnowledgeBase(documents=docs)


def format_table(rows: dict[str, dict[str, Metrics]], title: str = "") -> str:
    """Markdown table: one row per (system, language)."""
    lines = []
    if title:
        lines.append(f"### {title}")
        lines.append("")
    lines.append(
        "| system | lang | n | hit@1 | hit@3 | hit@1 answerable | answered | answered in-scope "
        "| answered wrong (false-confident) | ESCALATE answered | precision loss | statuses |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for system, by_lang in rows.items():
        for lang, m in by_lang.items():
            statuses = ", ".join(f"{k}:{v}" for k, v in sorted(m.statuses.items()))
            lines.append(
                f"| {system} | {lang} | {m.n} | {m.hit1:.3f} | {m.hit3:.3f} "
                f"| {m.hit1_answerable:.3f} | {m.answered:.3f} | {m.answered_answerable:.3f} "
                f"| {m.false_confident:.3f} "
                f"| {m.esc_answered:.3f} "
                f"| {m.wrong_answered:.3f} | {statuses} |"
            )
    return "\n".join(lines)


def decontaminate(
    kb: KnowledgeBase, questions: Iterable[Question], min_ratio: float = 80.0
) -> tuple[KnowledgeBase, int]:
    """A copy of ``kb`` without FAQ phrasings that (nearly) repeat an evaluation question.

    An FAQ phrasing whose folded text has ``fuzz.ratio >= min_ratio`` with a question of the
    evaluated sets is dropped (an entry left with no phrasing is dropped whole), so the scores
    measure the engine on *unseen* questions rather than on copies of them.  Returns the new
    knowledge base and the number of phrasings dropped.
    """
    targets = [fold_text(q.q).rstrip("?.!") for q in questions]
    dropped = 0
    faq = []
    for entry in kb.faq:
        kept: dict[str, list[str]] = {}
        for lang, phrasings in entry.questions.items():
            keep = []
            for phrasing in phrasings:
                key = fold_text(phrasing).rstrip("?.!")
                match = process.extractOne(key, targets, scorer=fuzz.ratio, score_cutoff=min_ratio)
                if match is None:
                    keep.append(phrasing)
                else:
                    dropped += 1
            if keep:
                kept[lang] = keep
        if kept:
            faq.append(entry.model_copy(update={"questions": kept}))
    return kb.model_copy(update={"faq": faq}), dropped
