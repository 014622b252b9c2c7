"""Two articles of one act sharing the question's words tie on them; the one holding them
together (within a few words of one sentence) goes first — a tie-breaker that reorders the close
candidates and leaves their scores as they were."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from knowledge.search import engine as engine_module
from tests.helpers.kb import act, article, engine_of


def _pasture_law():
    return act(
        "law",
        "30",
        dt.date(2009, 1, 26),
        doc_id="pasture",
        ky="«Жайыттар жөнүндө» Кыргыз Республикасынын Мыйзамы",
        passages=[
            article(
                "19",
                "Жайыт пайдалануучулар төмөнкүлөргө укуктуу: 1) жайыт билетинде көрсөтүлгөн "
                "участокту пайдаланууга; 2) жайыт комитетинин чечимдерине ушул Мыйзамда "
                "белгиленген тартипте даттанууга; 3) макул болбогон учурда жалпы чогулушка "
                "катышууга.",
                heading="Жайыт пайдалануучулардын укуктары",
                lang="ky",
            ),
            article(
                "27",
                "1. Талаш-тартыштар биринчи кезекте комиссия тарабынан каралат. 2. Жайыт "
                "комитетинин чечимине макул болбогон пайдалануучу бир айдын ичинде айылдык "
                "кеңешке кайрыла алат; арыз боюнча даттануу бир айда каралат.",
                heading="Талаш-тартыштарды чечүү",
                lang="ky",
            ),
        ],
    )


def _local_law():
    return act(
        "law",
        "123",
        dt.date(2021, 10, 20),
        doc_id="local",
        ru="Закон Кыргызской Республики о местном самоуправлении",
        passages=[
            article(
                "40",
                "Жители вправе участвовать в сходе. Решение кенеша публикуется. Жители вправе "
                "обжаловать действия должностных лиц. Несогласные с бюджетом выступают на "
                "слушаниях.",
                heading="Права жителей",
            ),
            article(
                "41",
                "Жители, несогласные с решением кенеша, вправе обжаловать его в суд в течение "
                "месяца.",
                heading="Порядок споров",
            ),
        ],
    )


def _order(engine, question: str) -> list[str | None]:
    ranked = engine.rank(question)
    return [engine.items[int(item)][2].article for item in ranked.items[:2]]


@pytest.mark.parametrize(
    ("law", "question", "apart", "together"),
    [
        (
            _pasture_law,
            "Жайыт комитетинин чечимине макул эмесмин, кайда даттансам болот?",
            "19",
            "27",
        ),
        (_local_law, "Жители несогласные с решением кенеша: куда обжаловать?", "40", "41"),
    ],
)
def test_words_held_together_break_the_tie(
    monkeypatch: pytest.MonkeyPatch, law, question: str, apart: str, together: str
) -> None:
    engine = engine_of(law())
    monkeypatch.setattr(engine_module, "PROXIMITY_BONUS", 0.0)
    assert _order(engine, question) == [apart, together]  # the heading alone decides
    before = np.sort(engine.rank(question).final)
    monkeypatch.setattr(engine_module, "PROXIMITY_BONUS", 1.5)
    assert _order(engine, question) == [together, apart]
    # a tie-breaker: the scores the decision reads stay as they were
    assert np.allclose(np.sort(engine.rank(question).final), before)


def test_sentences_are_cached_per_item() -> None:
    engine = engine_of(_pasture_law())
    engine.rank("Жайыт комитетинин чечимине макул эмесмин, кайда даттансам болот?")
    cached = dict(engine._sentence_keys)
    assert cached and all(sentences for sentences in cached.values())
    engine.rank("Жайыт комитетинин чечимине макул эмесмин, кайда даттансам болот?")
    assert all(engine._sentence_keys[item] is cached[item] for item in cached)


def test_another_act_is_not_reordered(monkeypatch: pytest.MonkeyPatch) -> None:
    """An act's article with no close rival of its own act gets no bonus."""
    engine = engine_of(_pasture_law(), _local_law())
    question = "Жители несогласные с решением кенеша: куда обжаловать?"
    monkeypatch.setattr(engine_module, "PROXIMITY_BONUS", 0.0)
    plain = engine.rank(question)
    monkeypatch.setattr(engine_module, "PROXIMITY_BONUS", 1.5)
    boosted = engine.rank(question)
    assert sorted(plain.items.tolist()) == sorted(boosted.items.tolist())
    assert {engine.items[int(i)][1].id for i in boosted.items[:2]} == {"local"}
