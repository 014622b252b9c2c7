"""Session 8, lookups: the language of a short lookup ("ст. 13 ВК" is Russian, "13-берене"
Kyrgyz), a point or part asked of an article shown alone and named by the citation, a decree's
or Положение's points looked up by number, and an abbreviation that names different codes in
Russian and Kyrgyz ("ЖК": Жилищный кодекс / Жер кодекси) never answered silently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from db.repositories.users import UserRepository
from knowledge.importer import ImportOptions, import_file
from knowledge.models import Document
from knowledge.search.articles import find_article_ref, find_point_ref, point_text
from knowledge.search.engine import SearchEngine
from knowledge.search.langdetect import detect_language
from tests.helpers.kb import act, article, engine_of

# --- the language of a lookup -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ст. 13 ВК", "ru"),
        ("ВК КР ст.33 п.2", "ru"),
        ("п. 2 ст. 33 ВК", "ru"),
        ("ч. 4 ст. 36 ВК", "ru"),
        ("ст 16.1 ВК", "ru"),
        ("33-берене", "ky"),
        ("ЖК 13-берене", "ky"),
        ("33-беренесинин 2-бөлүгү", "ky"),
        ("Жобонун 5-пункту", "ky"),
        ("в 10-дневный срок", "ru"),  # a number before a Russian adjective is no reference
    ],
)
def test_a_lookup_says_its_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


WATER_33 = (
    "1. Водопользователи могут обратиться к поставщику воды.\n"
    "2. При получении заявки поставщик воды должен заключить контракт:\n"
    "- с ассоциациями водопользователей;\n"
    "- с муниципальными органами.\n"
    "3. Другие водопользователи снабжаются ассоциациями.4. Если воды недостаточно, объем "
    "снижается на пропорциональной основе."
)


def _water() -> Document:
    return act(
        "code",
        "8",
        "2005-01-12",
        doc_id="water",
        ru="Водный кодекс Кыргызской Республики",
        passages=[
            article("13", "Государственная водная администрация ведает водами.", heading="Органы"),
            article("33", WATER_33, heading="Контракт на поставку воды"),
        ],
    )


@pytest.fixture(scope="module")
def water() -> SearchEngine:
    return engine_of(_water())


def test_a_russian_lookup_is_answered_in_russian_without_a_profile(water: SearchEngine) -> None:
    for question in ("ст. 13 ВК", "ВК КР ст.33 п.2"):
        assert water.search(question).query_lang == "ru"
    assert water.search("Суу кодексинин 33-беренеси").query_lang == "ky"


# --- a point of an article ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "point", "kind"),
    [
        ("п. 2 ст. 33 ВК", "2", "point"),
        ("пункт 2 статьи 33", "2", "point"),
        ("ч. 4 ст. 36 ВК", "4", "part"),
        ("часть 2 статьи 33", "2", "part"),
        ("33-беренесинин 2-бөлүгү", "2", "part"),
        ("33-беренесинин 2-пункту", "2", "point"),
        ("пп. 3 п. 2 ст. 33", "2", "point"),  # the subpoint is not the point
        ("подпункт 3 пункта 2 статьи 33", "2", "point"),
    ],
)
def test_the_point_and_what_it_is_called(text: str, point: str, kind: str) -> None:
    ref = find_article_ref(text)
    assert ref is not None and (ref.point, ref.point_kind) == (point, kind)


def test_a_points_text_holds_its_lines_and_stops_at_the_next() -> None:
    assert point_text(WATER_33, "2") == (
        "2. При получении заявки поставщик воды должен заключить контракт:\n"
        "- с ассоциациями водопользователей;\n"
        "- с муниципальными органами."
    )
    assert point_text(WATER_33, "3") == "3. Другие водопользователи снабжаются ассоциациями."
    # glued to the end of the point before it, as the published text has it
    assert point_text(WATER_33, "4").startswith("4. Если воды недостаточно")
    assert point_text("1) а;\n2) б;\n3) в.", "2") == "2) б;"
    assert point_text(WATER_33, "9") is None


@pytest.mark.parametrize(
    ("question", "start", "tail"),
    [
        ("п. 2 ст. 33 ВК", "2. При получении", ", статья 33 «Контракт на поставку воды», пункт 2"),
        ("пункт 2 статьи 33", "2. При получении", ", пункт 2"),
        ("часть 4 статьи 33 Водного кодекса", "4. Если воды", ", часть 4"),
        (
            "33-беренесинин 2-бөлүгү",
            "2. При получении",
            "33-берене «Контракт на поставку воды», 2-бөлүк",
        ),
        ("Суу кодексинин 33-беренесинин 3-пункту", "3. Другие", ", 3-пункт"),
    ],
)
def test_a_point_asked_is_shown_alone_and_cited(
    water: SearchEngine, question: str, start: str, tail: str
) -> None:
    result = water.search(question)
    assert result.status == "answered"
    hit = result.results[0]
    assert hit.article == "33" and hit.text.startswith(start)
    assert "1. Водопользователи" not in hit.text
    assert hit.source.endswith(tail)


def test_a_point_the_article_lacks_shows_the_whole_article(water: SearchEngine) -> None:
    hit = water.search("п. 9 ст. 33 ВК").results[0]
    assert hit.text == WATER_33 and hit.point is None
    assert hit.source.endswith("«Контракт на поставку воды»")


# --- a decree's points and its Положение's ----------------------------------------------------

DECREE = """ПОСТАНОВЛЕНИЕ КАБИНЕТА МИНИСТРОВ КЫРГЫЗСКОЙ РЕСПУБЛИКИ

от 15 марта 2022 года № 150

Об утверждении Положения о порядке выпаса скота

Кабинет Министров Кыргызской Республики постановляет:

1. Утвердить Положение о порядке выпаса скота согласно приложению.
2. Настоящее постановление вступает в силу по истечении десяти дней со дня опубликования.

Председатель Кабинета Министров
Кыргызской Республики А.Жапаров

Приложение

ПОЛОЖЕНИЕ
о порядке выпаса скота

1. Общие положения

1. Настоящее Положение определяет порядок выпаса скота.
2. Участки для выпаса предоставляет айыл окмоту.

2. Порядок подачи заявления

3. Заявление подается в айыл окмоту в письменной форме.
4. Айыл окмоту рассматривает заявление в течение 15 рабочих дней.
5. Решение выдается бесплатно.
"""


@pytest.fixture(scope="module")
def decree(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    path = Path(tmp_path_factory.mktemp("decree")) / "decree.txt"
    path.write_text(DECREE, encoding="utf-8")
    return engine_of(import_file(path, ImportOptions()).documents[0])


@pytest.mark.parametrize(
    ("question", "start", "tail", "lang"),
    [
        (
            "пункт 4 Положения о порядке выпаса скота",
            "4. Айыл окмоту рассматривает",
            "приложение «Положение о порядке выпаса скота», пункт 4",
            "ru",
        ),
        ("п. 5 Положения о выпасе скота", "5. Решение выдается", ", пункт 5", "ru"),
        ("Мал жаюу тартиби жөнүндө жобонун 3-пункту", "3. Заявление", "тиркеме, 3-пункт", "ky"),
        ("Мал жаюу жобосунун 4-пункту", "4. Айыл окмоту", ", 4-пункт", "ky"),
        (
            "п. 2 постановления о порядке выпаса скота",
            "2. Настоящее постановление",
            "«Об утверждении Положения о порядке выпаса скота», пункт 2",
            "ru",
        ),
    ],
)
def test_a_point_of_a_decree_or_its_regulation_is_looked_up(
    decree: SearchEngine, question: str, start: str, tail: str, lang: str
) -> None:
    result = decree.search(question)
    assert result.status == "answered" and result.query_lang == lang
    hit = result.results[0]
    assert hit.text.startswith(start) and "\n" not in hit.text
    assert hit.source.endswith(tail)


def test_a_point_of_both_the_decree_and_its_regulation_is_offered(decree: SearchEngine) -> None:
    result = decree.search("пункт 2 о порядке выпаса скота")
    assert result.status == "suggest"
    assert {h.text[:14] for h in result.results} == {"2. Настоящее п", "2. Участки для"}


def test_a_point_without_an_act_named_is_left_to_the_search() -> None:
    assert find_point_ref("пункт 4") is not None
    assert find_point_ref("п. 2 ст. 33") is None  # an article's point
    assert find_point_ref("часть 5 договора") is None  # a part, not a point
    assert find_point_ref("в 5 пунктах Положения") is None  # a count


# --- an abbreviation of two codes ----------------------------------------------------------


def _code(doc_id: str, ru: str, ky: str | None, heading: str) -> Document:
    return act(
        "code",
        "45",
        "1999-06-02",
        doc_id=doc_id,
        ru=ru,
        ky=ky,
        passages=[article("13", f"{heading}. Текст.", heading=heading)],
    )


LAND = (
    "land",
    "Земельный кодекс Кыргызской Республики",
    "Кыргыз Республикасынын Жер кодекси",
    "Компетенция айыл окмоту",
)
HOUSING = ("housing", "Жилищный кодекс Кыргызской Республики", None, "Жилищный фонд")


def test_zhk_in_a_kyrgyz_question_is_the_land_code() -> None:
    engine = engine_of(_code(*LAND))
    result = engine.search("ЖК 13-берене")
    assert result.status == "answered" and result.results[0].doc_id == "land"


def test_zhk_in_a_russian_question_is_not_answered_by_the_land_code() -> None:
    engine = engine_of(_code(*LAND))
    result = engine.search("ст. 13 ЖК")  # Жилищный кодекс, which the KB lacks
    assert result.status != "answered"
    assert all(h.doc_id == "land" for h in result.results)  # offered at most


def test_zhk_with_both_codes() -> None:
    engine = engine_of(_code(*LAND), _code(*HOUSING))
    kyrgyz = engine.search("ЖК 13-берене")
    assert kyrgyz.status == "suggest"
    assert {h.doc_id for h in kyrgyz.results} == {"land", "housing"}
    russian = engine.search("ст. 13 ЖК")
    assert russian.status == "answered" and russian.results[0].doc_id == "housing"
    assert engine.search("ЗК 13-берене").results[0].doc_id == "land"  # Russian abbreviations


# --- the bot shows the point --------------------------------------------------------------


async def test_the_bot_shows_the_point_asked_and_the_whole_article_on_demand(
    client: Any, session: Any, runtime: Any
) -> None:
    from db.repositories.knowledge import KnowledgeRepository

    users = UserRepository(runtime.db)
    await users.touch(3101, first_name="Айбек", telegram_lang="ky")
    await users.set_language(3101, "ky")  # a Kyrgyz profile asks in Russian
    if runtime.knowledge.engine is None:
        await runtime.knowledge.load()
    await KnowledgeRepository(runtime.db).upsert_document(_water())
    await runtime.knowledge.load()
    asker = client(3101)
    session.clear()
    await asker.send("ВК КР ст.33 п.2")
    shown = session.sent()[-1]
    assert "Источник" in shown.text  # answered in Russian
    assert "2. При получении заявки" in shown.text and "1. Водопользователи" not in shown.text
    assert "статья 33 «Контракт на поставку воды», пункт 2" in shown.text
    data = [
        b.callback_data
        for row in shown.reply_markup.inline_keyboard
        for b in row
        if (b.callback_data or "").startswith("srch:full:")
    ]
    assert data  # the whole article on demand
    session.clear()
    await asker.press(data[0])
    whole = "\n".join(m.text for m in session.sent("SendMessage"))
    assert "1. Водопользователи" in whole and "4. Если воды" in whole


# --- a Положение imported on its own ------------------------------------------------------

REGULATION_RU = """ПОЛОЖЕНИЕ
о сходах граждан

Утверждено постановлением Кабинета Министров Кыргызской Республики от 1 марта 2023 года № 100

1. Общие положения

1. Сход граждан созывается главой айыл окмоту.
2. Сход правомочен при участии не менее половины жителей.
3. Решение схода принимается большинством голосов.

2. Порядок проведения

4. Сход ведет председатель.
5. Протокол схода подписывает секретарь.
"""
REGULATION_KY = """Жарандардын жыйындары жөнүндө
ЖОБО

Кыргыз Республикасынын Министрлер Кабинетинин 2023-жылдын 1-мартындагы № 100 токтому менен \
бекитилген

1. Жалпы жоболор

1. Жарандардын жыйынын айыл өкмөтүнүн башчысы чакырат.
2. Жыйын тургундардын жарымынан кем эмеси катышканда укуктуу.
3. Жыйындын чечими көпчүлүк добуш менен кабыл алынат.

2. Жыйынды өткөрүү тартиби

4. Жыйынды төрага алып барат.
5. Жыйындын протоколуна катчы кол коет.
"""


def _regulation(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "regulation.txt"
    path.write_text(text, encoding="utf-8")
    return import_file(path, ImportOptions())


def test_a_regulation_of_points_in_sections_is_read_and_looked_up(tmp_path: Path) -> None:
    result = _regulation(tmp_path, REGULATION_RU)
    doc, report = result.documents[0], result.reports[0]
    assert report.title == "Положение о сходах граждан"  # not "ПОЛОЖЕНИЕ о сходах граждан"
    assert [p.source for p in doc.passages] == ["1. Общие положения", "2. Порядок проведения"]
    assert doc.passages[1].text.startswith("4. Сход ведет председатель.")
    hit = engine_of(doc).search("пункт 5 Положения о сходах граждан").results[0]
    assert hit.text == "5. Протокол схода подписывает секретарь."
    assert hit.source == "Положение о сходах граждан от 1 марта 2023 года № 100, пункт 5"


def test_a_kyrgyz_regulation_of_points_is_read_and_looked_up(tmp_path: Path) -> None:
    result = _regulation(tmp_path, REGULATION_KY)
    doc, report = result.documents[0], result.reports[0]
    assert report.title == "Жарандардын жыйындары жөнүндө жобо"  # not "Жобо"
    assert [p.source for p in doc.passages] == ["1. Жалпы жоболор", "2. Жыйынды өткөрүү тартиби"]
    result = engine_of(doc).search("Жарандардын жыйындары жөнүндө жобонун 5-пункту")
    assert result.status == "answered"
    hit = result.results[0]
    assert hit.text == "5. Жыйындын протоколуна катчы кол коет."
    # the name is no issuer: the date and number follow it
    assert hit.source == "Жарандардын жыйындары жөнүндө жобо, 2023-жылдын 1-марты, № 100, 5-пункт"


# --- one code imported in Russian and in Kyrgyz ------------------------------------------------

LAND_RU = """ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ
от 2 июня 1999 года № 45
Статья 3. Земельный фонд
1. Земельный фонд делится на категории.
2. Перевод земель из одной категории в другую производится в порядке, установленном Кодексом.
Статья 13. Основания возникновения права на земельный участок
Право на земельный участок возникает по основаниям, предусмотренным законом.
"""


@pytest.fixture(scope="module")
def land(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    from tests.helpers.kb import DATA

    path = Path(tmp_path_factory.mktemp("land")) / "zk_ru.txt"
    path.write_text(LAND_RU, encoding="utf-8")
    ru = import_file(path, ImportOptions()).documents[0]
    ky = import_file(DATA / "laws" / "zher_kodeksi_ky.txt", ImportOptions()).documents[0]
    assert ru.id == ky.id  # one act in two languages
    both = ru.model_copy(
        update={"title": ru.title.model_copy(update={"ky": ky.title.ky}),
                "passages": ru.passages + ky.passages}
    )  # fmt: skip
    return engine_of(both)


@pytest.mark.parametrize(
    ("question", "lang", "start", "tail"),
    [
        ("статья 13 Земельного кодекса", "ru", "Право на земельный", "«Основания возникновения"),
        ("статья 3 ЗК п. 2", "ru", "2. Перевод земель", "«Земельный фонд», пункт 2"),
        ("ЖК 13-берене", "ky", "Жер участогуна укук", "«Жер участогуна укуктун пайда болушунун"),
        ("Жер кодексинин 3-беренесинин 2-бөлүгү", "ky", "2. Жерлерди", "«Жер фонду», 2-бөлүк"),
    ],
)
def test_a_bilingual_act_answers_in_the_questions_language(
    land: SearchEngine, question: str, lang: str, start: str, tail: str
) -> None:
    result = land.search(question)
    assert result.status == "answered" and result.query_lang == lang
    hit = result.results[0]
    assert hit.lang == lang and hit.text.startswith(start)
    assert tail in hit.source


def test_zhk_in_russian_offers_the_land_code_imported_in_both_languages(
    land: SearchEngine,
) -> None:
    result = land.search("ст. 13 ЖК")
    assert result.status == "suggest" and result.results[0].article == "13"
    assert result.results[0].lang == "ru"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "В компетенцию айыл окмоту входит:\n1) распоряжение землями;\n- пастбищами;\n"
            "2) выдача разрешений;\n3) контроль.",
            "В компетенцию айыл окмоту входит:\n2) выдача разрешений;",
        ),
        (
            "Айыл өкмөтүнүн ыйгарым укуктарына төмөнкүлөр кирет:\n1) жерди тескөө;\n"
            "2) уруксат берүү;\n3) көзөмөл.",
            "Айыл өкмөтүнүн ыйгарым укуктарына төмөнкүлөр кирет:\n2) уруксат берүү;",
        ),
    ],
)
def test_a_point_of_a_list_keeps_the_sentence_that_introduces_it(text: str, expected: str) -> None:
    assert point_text(text, "2") == expected
