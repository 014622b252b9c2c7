"""Several imported acts, in both languages: an article handing its matter to another imported
act ("… определяются Законом «О пастбищах»") yields to that act's articles, and the candidates
of a question include the other-language article meaning what its words mean even where its
own language spells one of them rarely."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.models import Passage
from knowledge.search import engine as engine_module
from tests.helpers.kb import act, article, engine_of

LAND_82 = (
    "1. Пастбища являются частью земель сельскохозяйственного назначения и используются для "
    "выпаса сельскохозяйственных животных. 2. Права на пастбища, порядок управления и "
    'пользования ими определяются Законом Кыргызской Республики "О пастбищах".'
)


def _land_code():
    return act(
        "code",
        "45",
        dt.date(1999, 6, 2),
        doc_id="land",
        ru="Земельный кодекс Кыргызской Республики",
        passages=[
            article("82", LAND_82, heading="Пастбища"),
            article(
                "102",
                "Земельные споры разрешаются в досудебном или судебном порядке.",
                heading="Разрешение земельных споров",
            ),
        ],
    )


def _pasture_law():
    return act(
        "law",
        "30",
        dt.date(2009, 1, 26),
        doc_id="pasture",
        ky="«Жайыттар жөнүндө» Кыргыз Республикасынын Мыйзамы",
        passages=[
            article(
                "16",
                "1. Жайыттарды пайдалануу укугу жайыт пайдалануучуга жайыт билетинин негизинде "
                "берилет. 2. Башка айыл аймагынын тургундары жана юридикалык жактар жайыттарды "
                "жайыт комитети менен келишим түзүү жана жайыт үчүн акыны толук төлөө шарты "
                "менен пайдаланышат.",
                heading="Жайыттарды пайдалануу укугу",
                lang="ky",
            ),
            article(
                "18",
                "Жайыт үчүн акы жайыт билети берилгенде төлөнөт.",
                heading="Жайыт үчүн акы",
                lang="ky",
            ),
        ],
    )


def _first(engine, question: str) -> tuple[str, str | None]:
    ranked = engine.rank(question)
    hit = engine.make_hit(int(ranked.items[0]), "ru", 0.0)
    return hit.doc_id, hit.article


# --- referral articles ---------------------------------------------------------------------


def test_referral_to_an_imported_act_is_found() -> None:
    engine = engine_of(_land_code(), _pasture_law())
    referring = {
        (engine.items[item][1].id, engine.items[item][2].article): acts
        for item, acts in engine._refers.items()
    }
    assert referring == {("land", "82"): frozenset({"pasture"})}


def test_kyrgyz_referral_is_found() -> None:
    law = act(
        "law",
        "30",
        dt.date(2009, 1, 26),
        doc_id="pasture-ru",
        ru="О пастбищах",
        passages=[article("16", "Право пользования пастбищами предоставляется по билету.")],
    )
    code = act(
        "code",
        "45",
        dt.date(1999, 6, 2),
        doc_id="land-ky",
        ky="Кыргыз Республикасынын Жер кодекси",
        passages=[
            article(
                "82",
                "Жайыттарды пайдалануунун тартиби «Жайыттар жөнүндө» Кыргыз Республикасынын "
                "Мыйзамы менен аныкталат.",
                heading="Жайыттар",
                lang="ky",
            )
        ],
    )
    engine = engine_of(code, law)
    assert list(engine._refers.values()) == [frozenset({"pasture-ru"})]


def test_no_referral_without_the_act_imported() -> None:
    water = act(
        "code", "8", dt.date(2005, 1, 12), doc_id="water", ru="Водный кодекс",
        passages=[article("1", "Воды находятся в собственности государства.")],
    )  # fmt: skip
    engine = engine_of(_land_code(), water)
    assert engine._refers == {}
    # the referring article is then the answer it was
    assert _first(engine, "Кто определяет порядок пользования пастбищами?") == ("land", "82")


@pytest.mark.parametrize(
    "question",
    [
        "Можно ли выпасать скот на пастбищах и на каких условиях?",
        "Малды жайытта жаюу үчүн кандай шарт бар?",
    ],
)
def test_referral_article_yields_to_the_act_it_names(question: str, monkeypatch) -> None:
    engine = engine_of(_land_code(), _pasture_law())
    assert _first(engine, question) == ("pasture", "16")
    # the same engine without the rule: the land code's article «Пастбища» comes first
    monkeypatch.setattr(engine_module, "REFERRAL_FACTOR", 1.0)
    assert _first(engine, question) == ("land", "82")


# --- candidates across languages -----------------------------------------------------------

# long Kyrgyz texts naming the pasture and its disputes once, among other matters
KY_FILLER = (
    "Жайыт талашы да каралды. Айылдагы мектептин имаратын оңдоо, көчөлөрдү жарыктандыруу, "
    "таза суу түтүгүн алмаштыруу, балдар бакчасын куруу, маданият үйүнүн чатырын жабуу, "
    "спорт аянтчасын салуу жана көпүрөнү бекемдөө иштеринин планы талкууланды."
)


def _xlang_kb(n_filler: int):
    notes = act(
        "other",
        doc_id="ky-notes",
        ky="Айыл жыйынынын токтомдору",
        passages=[
            Passage(id=f"n{i}-ky", lang="ky", text=f"{KY_FILLER} Жыйын {i}.")
            for i in range(n_filler)
        ],
    )
    # Russian articles on pastures and on disputes make both concepts common, while the
    # Kyrgyz words stay rare
    code = act(
        "code",
        "45",
        dt.date(1999, 6, 2),
        doc_id="land",
        ru="Земельный кодекс Кыргызской Республики",
        passages=[
            article(str(10 + i), f"Пастбища участка {i} учитываются в кадастре.") for i in range(15)
        ]
        + [article(str(40 + i), f"Споры о меже участка {i} разрешает суд.") for i in range(15)]
        + [article("102", "Споры о пастбищах.", heading="Споры о пастбищах")],
    )
    return engine_of(notes, code)


@pytest.mark.parametrize(
    "question",
    [
        "Жайыт талашы кантип чечилет?",
        "Jayit talashy kantip chechilet?",
    ],
)
def test_other_language_article_is_a_candidate_by_the_words_idf(question: str, monkeypatch) -> None:
    monkeypatch.setattr(engine_module, "CANDIDATES", 6)
    engine = _xlang_kb(n_filler=8)

    def found() -> list[str | None]:
        ranked = engine.rank(question)
        return [engine.make_hit(int(item), "ru", 0.0).article for item in ranked.items]

    assert "102" in found()
    # by the concepts' idf, eight Kyrgyz notes naming the rare Kyrgyz words crowd it out
    monkeypatch.setattr(engine_module, "XLANG_LITERAL_IDF", False)
    assert "102" not in found()


def test_xlang_factor_uses_the_rarer_literal() -> None:
    engine = _xlang_kb(n_filler=8)
    units, _ = engine._units(engine.analyzer.analyze("жайыт", "ky"))
    (unit,) = units
    concepts = [kid for kid, _, _ in unit.keys if engine._is_concept[kid]]
    assert concepts and unit.literal > 0
    for kid in concepts:
        concept_idf = float(engine.index.idf[kid])
        factor = engine._xlang_factor(unit, kid)
        if unit.literal > concept_idf:
            expected = engine_module.XLANG_CONCEPT_WEIGHT * unit.literal / concept_idf
            assert factor == pytest.approx(expected)
        else:
            assert factor == pytest.approx(engine_module.XLANG_CONCEPT_WEIGHT)
    assert max(engine._xlang_factor(unit, kid) for kid in concepts) > (
        engine_module.XLANG_CONCEPT_WEIGHT
    )


# --- Kyrgyz postpositions of time ------------------------------------------------------------


@pytest.mark.parametrize("word", ["ичинде", "мурун", "чейин"])
def test_kyrgyz_time_postpositions_are_stop_words(analyzer, word: str) -> None:
    (found,) = analyzer.analyze(word, "ky").words
    assert found.stop


def _disputes_kb():
    pasture = act(
        "law",
        "30",
        dt.date(2009, 1, 26),
        doc_id="pasture",
        ky="«Жайыттар жөнүндө» Кыргыз Республикасынын Мыйзамы",
        passages=[
            article(
                "27",
                "Жайыт пайдалануучулардын ортосундагы талаш-тартыштар жайыт комитети тарабынан "
                "каралат. Макул болбогон жайыт пайдалануучу бир айдын ичинде айылдык кеңешке "
                "кайрыла алат.",
                heading="Талаш-тартыштарды чечүү",
                lang="ky",
            )
        ],
    )
    land = act(
        "code",
        "45",
        dt.date(1999, 6, 2),
        doc_id="land",
        ru="Земельный кодекс Кыргызской Республики",
        passages=[
            article(
                "102",
                "Споры о границах земельных участков между гражданами рассматриваются "
                "исполнительным органом местного самоуправления в месячный срок.",
                heading="Разрешение земельных споров",
            )
        ],
    )
    return engine_of(pasture, land)


@pytest.mark.parametrize(
    "question",
    [
        "Участоктун чеги боюнча талаш канча убакыттын ичинде каралат?",
        "В какой срок орган местного самоуправления рассматривает спор о границе участка?",
    ],
)
def test_time_limit_question_finds_the_article_of_its_matter(question: str) -> None:
    assert _first(_disputes_kb(), question) == ("land", "102")
