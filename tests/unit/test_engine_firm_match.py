"""A question whose topic words reach an act only through short prefixes of other words
("материнского капитала" → "материал…", "капитальн…") is not answered from that act: the
prefixes say where to look, not what the answer is."""

from __future__ import annotations

from knowledge.search.engine import DEFAULT_THRESHOLDS, SearchEngine
from tests.helpers.kb import act, article, engine_of


def _code() -> SearchEngine:
    texts = {
        "7": (
            "Размер платы за капитальный ремонт гидротехнических сооружений и стоимость "
            "строительных материалов определяются сметой, утвержденной собственником."
        ),
        "8": "Собственник сооружения ведет учет его технического состояния.",
        "9": "Договор аренды сооружения заключается в письменной форме.",
    }
    headings = {"7": "Плата за ремонт", "8": "Учет состояния", "9": "Аренда"}
    return engine_of(
        act(
            "code",
            "8",
            "2005-01-12",
            doc_id="wc",
            ru="Кодекс о сооружениях",
            passages=[article(n, t, heading=headings[n]) for n, t in texts.items()],
        )
    )


def test_prefix_only_match_is_not_answered() -> None:
    engine = _code()
    ranked = engine.rank("Какой размер материнского капитала?")
    feats = engine.features(ranked)
    # "материнского" and "капитала" reach article 7 only through the prefixes of other words
    assert feats["matched"] == 3 and feats["firm"] == 1
    assert engine.search("Какой размер материнского капитала?").status != "answered"


def test_whole_words_still_answer() -> None:
    engine = _code()
    question = "Какой размер платы за капитальный ремонт сооружений?"
    feats = engine.features(engine.rank(question))
    assert feats["firm"] == feats["matched"]
    result = engine.search(question)
    assert result.status == "answered" and result.results[0].article == "7"


def test_the_gate_is_what_refuses() -> None:
    """The same features with the firm count raised to the matched count pass the gates: the
    refusal above comes from the prefix-only match, not from a weak score."""
    engine = _code()
    feats = engine.features(engine.rank("Какой размер материнского капитала?"))
    assert SearchEngine.decide(feats, False, DEFAULT_THRESHOLDS) != "answered"
    lifted = feats | {"firm": feats["matched"]}
    assert SearchEngine.decide(lifted, False, DEFAULT_THRESHOLDS) == "answered"
