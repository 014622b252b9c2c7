"""Long acts: the parts of one article are one answer, suggestions offer several articles of one
code (each by number and heading), the decision features of article answers, and the rank probe
set (questions written before the session-4 engine changes) on the imported Water Code."""

from __future__ import annotations

import pytest

from knowledge.loader import load_directory
from knowledge.search import SearchEngine
from knowledge.search.engine import PASSAGE
from tests.helpers.kb import DATA, act, article, engine_of, evaluate, with_water_code

WATER_RU = "Водный кодекс Кыргызской Республики"
LONG = "Водопользователь обязан соблюдать условия разрешения на водопользование. " * 30


# (passage id, article, heading, text) of a Russian-only code: article 5 in two parts
ARTICLES = [
    ("a5-ru", "5", "Сервитут",
     "1. Сервитут на земельный участок устанавливается для прохода к каналу. " + LONG),
    ("a5-part2-ru", "5", "Сервитут",
     "2. Собственник участка, обремененного сервитутом, вправе требовать платы за пользование "
     "участком."),
    ("a6-ru", "6", "Охрана ледников",
     "Запрещается заготовка льда на ледниках и деятельность, ускоряющая их таяние."),
    ("a7-ru", "7", "Водоохранные зоны",
     "В водоохранных зонах запрещается размещение ферм и строений у реки."),
    ("a8-ru", "8", "Зоны формирования стока",
     "В зонах формирования стока запрещается размещение свалок и кладбищ у реки."),
]  # fmt: skip


@pytest.fixture(scope="module")
def engine() -> SearchEngine:
    passages = [article(n, text, pid=pid, heading=head) for pid, n, head, text in ARTICLES]
    return engine_of(
        act("code", "8", "2005-01-12", doc_id="water-test", ru=WATER_RU, passages=passages)
    )


def _item(engine: SearchEngine, passage_id: str) -> int:
    return next(
        i for i, (kind, _, p) in enumerate(engine.items) if kind == PASSAGE and p.id == passage_id
    )


def test_the_parts_of_one_article_are_one_answer(engine: SearchEngine) -> None:
    one, two = _item(engine, "a5-ru"), _item(engine, "a5-part2-ru")
    assert engine._answer_keys(one) == engine._answer_keys(two)
    assert engine._answer_keys(one) != engine._answer_keys(_item(engine, "a6-ru"))
    ranked = engine.rank("сервитут на участок, плата собственнику")
    top_two = {engine.items[int(i)][2].article for i in ranked.items[:2]}
    assert top_two == {"5"}  # both parts lead …
    feats = engine.features(ranked)
    assert feats["gap"] > 0.5  # … and do not compete with each other
    assert feats["head_whole"] == 1.0 and feats["is_article"] == 1.0 and feats["xlang"] == 0.0


def test_suggestions_offer_several_articles_of_one_code(engine: SearchEngine) -> None:
    ranked = engine.rank("что запрещено размещать у реки")
    hits = engine._hits(ranked, "ru", 3, "suggest")
    articles = [hit.article for hit in hits]
    assert len(articles) >= 2 and len(set(articles)) == len(articles)
    assert {"7", "8"} <= set(articles)
    by_article = {hit.article: hit for hit in hits}
    assert by_article["7"].label == "статья 7 «Водоохранные зоны»"
    ky = engine.make_hit(_item(engine, "a7-ru"), "ky", 1.0)
    assert ky.label == "7-берене «Водоохранные зоны»"  # the heading as the act has it
    # the Russian-only code named in Kyrgyz for a Kyrgyz reader, as its citation names it
    assert ky.title == "Кыргыз Республикасынын Суу кодекси"
    assert by_article["7"].title == "Водный кодекс Кыргызской Республики"


def test_a_kyrgyz_question_on_a_russian_only_article_is_marked_cross_language(
    engine: SearchEngine,
) -> None:
    feats = engine.features(engine.rank("Мөңгүдөн муз алууга болобу?", "ky"))
    assert feats["is_article"] == 1.0 and feats["xlang"] == 1.0


def test_suggestion_lines_name_the_article_before_the_act(engine: SearchEngine) -> None:
    from bot.i18n import Translator
    from handlers.search.render import button_titles, suggestions_text

    hits = engine._hits(engine.rank("что запрещено размещать у реки"), "ru", 3, "suggest")
    text = suggestions_text(Translator().bind("ru"), hits)
    assert "Статья 7 «Водоохранные зоны» — Водный кодекс Кыргызской Республики" in text
    assert all(title.startswith("Статья") for title in button_titles(hits))


# --- the rank probe set on the real Water Code ---------------------------------------------------


@pytest.fixture(scope="module")
def water() -> SearchEngine:
    return with_water_code(load_directory())


def test_rank_probe_set(water: SearchEngine) -> None:
    outcomes, m = evaluate(water, DATA / "questions-rank-probe.jsonl")
    # floors a little below the session-4 figures (hit@1 0.905, hit@3 0.932, answered 0.797,
    # answered wrongly 0.068): a change that loses ground on unseen questions fails here
    assert m.hit1 >= 0.87, [o.question.id for o in outcomes if not o.hit1]
    assert m.hit3 >= 0.9
    assert m.answered >= 0.75
    assert m.false_confident <= 0.085
    assert all(o.status != "answered" for o in outcomes if o.question.escalate)


def test_water_suggestions_hold_the_right_article_more_often(water: SearchEngine) -> None:
    _, m = evaluate(water, DATA / "questions-water-calibration.jsonl")
    assert m.hit3 >= 0.85  # 0.800 with one article per act, 0.882 now
