"""A question in one language and an act in the other: the glossary concept is the only bridge
between them, and a text in the question's own language matching the same words by stem, prefix
and concepts at once must not crowd the other-language article out of the candidates."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.models import Passage
from knowledge.search import engine as engine_module
from tests.helpers.kb import act, article, engine_of

N_WATER = 5
KY_FILLER = (
    "Айылдык кеңеш айыл өкмөтүнүн ишин угат. Айыл өкмөтү айылдык кеңешке отчет берет, "
    "айылдык кеңештин токтомдорун аткарат."
)


def _kb(n_filler: int):
    filler = act(
        "other",
        doc_id="ky-notes",
        ky="Айылдык кеңештин иши жөнүндө эскертмелер",
        passages=[
            Passage(id=f"n{i}-ky", lang="ky", text=f"{KY_FILLER} Жыйын {i}.")
            for i in range(n_filler)
        ],
    )
    law = act(
        "law",
        "123",
        dt.date(2021, 10, 20),
        doc_id="lsg",
        ru="О местной государственной администрации и органах местного самоуправления",
        passages=[
            article(
                "84",
                "Споры между местным кенешем и айыл окмоту разрешаются путем переговоров и "
                "согласительных процедур, а если спор не разрешен, в судебном порядке.",
                heading="Разрешение споров",
            ),
            article("85", "Настоящий Закон вступает в силу со дня опубликования."),
        ],
    )
    # other articles make the Kyrgyz council words rare and the disputes of other matters common
    water = act(
        "code",
        "8",
        dt.date(2005, 1, 12),
        doc_id="water",
        ru="Водный кодекс Кыргызской Республики",
        passages=[
            article(
                str(100 + i),
                f"Споры о водопользовании в бассейне {i} разрешаются бассейновым советом; "
                "лимиты забора воды и порядок учета воды устанавливает уполномоченный орган.",
                pid=f"w{i}",
            )
            for i in range(N_WATER)
        ],
    )
    return engine_of(filler, law, water)


@pytest.mark.parametrize(
    "question",
    [
        "Айылдык кеңеш менен айыл өкмөтүнүн ортосунда талаш чыкты, кантип чечебиз?",
        "Aiyldyk kenesh menen aiyl okmotunun ortosunda talash chykty, kantip chechebiz?",
    ],
)
def test_other_language_article_stays_a_candidate(question: str, monkeypatch) -> None:
    monkeypatch.setattr(engine_module, "CANDIDATES", 8)
    engine = _kb(n_filler=10)
    ranked = engine.rank(question)
    hits = [engine.make_hit(int(item), "ky", 0.0) for item in ranked.items[:3]]
    assert "84" in [hit.article for hit in hits]
