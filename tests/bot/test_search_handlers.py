"""The Telegram search flow in process (feed_update + recording session): answers with their
source and feedback buttons, suggestions, honest "I don't know", full text, forged buttons."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.app import Runtime
from db.repositories.users import UserRepository
from handlers.search import SearchCallback, chunks, trim
from services.question_log import get_question, log_question
from tests.helpers.client import BotClient, ClientFactory
from tests.helpers.kb import act, article
from tests.helpers.recording import RecordingSession

ASKER, OTHER = 3001, 3002


@pytest.fixture
async def rt(runtime: Runtime) -> Runtime:
    users = UserRepository(runtime.db)
    for uid in (ASKER, OTHER):
        await users.touch(uid, first_name="Айбек", telegram_lang="ru")
        await users.set_language(uid, "ru")
    return runtime


buttons = BotClient.buttons


def only_button(reply: Any) -> str:
    """The callback data of the reply's one button (it must have exactly one)."""
    ((_label, data),) = buttons(reply)
    return data


@pytest.fixture
def asker(client: ClientFactory, rt: Runtime) -> BotClient:
    """ASKER in the private chat (Telegram language ru, profile ru unless a test changes it)."""
    return client(ASKER)


async def ask(asker: BotClient, text: str) -> Any:
    """The bot's last message after ``asker`` sends ``text`` (the recording cleared first)."""
    asker.session.clear()
    await asker.send(text)
    return asker.session.sent()[-1]


async def press(client: BotClient, data: str) -> None:
    """``client`` presses a button with ``data`` (the recording cleared first)."""
    client.session.clear()
    await client.press(data)


async def last_question_id(rt: Runtime) -> int:
    return int(await rt.db.fetchval("SELECT max(id) FROM questions"))


async def test_answer_with_source_and_feedback(
    asker: BotClient, session: RecordingSession, rt: Runtime
) -> None:
    reply = await ask(
        asker,
        "Каким постановлением утверждена Программа развития МСУ на 2018-2023 годы?",
    )
    assert "513" in reply.text
    assert "Источник" in reply.text
    data = [d for _, d in buttons(reply)]
    qid = await last_question_id(rt)
    assert f"srch:ok:{qid}:0:0" in data
    no = next(d for d in data if d.startswith(f"srch:no:{qid}:0:"))
    logged = await get_question(rt.db, qid)
    assert logged is not None and logged.status == "answered" and logged.user_id == ASKER

    # helped
    await press(asker, f"srch:ok:{qid}:0:0")
    assert "Спасибо" in session.sent("AnswerCallbackQuery")[-1].text
    assert (await get_question(rt.db, qid)).helped is True

    # didn't help: an apology and the consultant button (EscalateCallback of the offer)
    await press(asker, no)
    sorry = session.sent()[-1]
    assert "консультант" in sorry.text
    offer_id = no.rsplit(":", 1)[1]
    assert only_button(sorry) == f"esc:{offer_id}"
    assert (await get_question(rt.db, qid)).helped is False


async def test_suggestions_then_a_pick(
    asker: BotClient, session: RecordingSession, rt: Runtime
) -> None:
    reply = await ask(asker, "Каким постановлением утверждена Программа развития МСУ?")
    qid = await last_question_id(rt)
    assert (await get_question(rt.db, qid)).status == "suggest"
    picks = [(t, d) for t, d in buttons(reply) if d.startswith("srch:pick:")]
    assert 1 <= len(picks) <= 3
    assert any(d.startswith("esc:") for _, d in buttons(reply))  # none fits → consultant
    await press(asker, picks[0][1])
    shown = session.sent()[-1]
    assert "Источник" in shown.text
    logged = await get_question(rt.db, qid)
    assert logged.chosen_result_id == logged.results[0]["id"]


async def test_honest_i_dont_know(asker: BotClient) -> None:
    # a citizen-service question the knowledge base does not cover: a gap, not "off topic"
    reply = await ask(asker, "Как оформить загранпаспорт ребенку?")
    assert "не нашёл надёжного ответа" in reply.text
    assert only_button(reply).startswith("esc:")


async def test_off_topic_is_told_plainly_by_the_real_engine(asker: BotClient, rt: Runtime) -> None:
    reply = await ask(asker, "Курс доллара на сегодня")
    assert "не относится к местному самоуправлению" in reply.text
    assert only_button(reply).startswith("esc:")
    row = await rt.db.fetchone("SELECT status, category FROM questions ORDER BY id DESC LIMIT 1")
    assert (row["status"], row["category"]) == ("off_topic", "off_topic")


@pytest.mark.parametrize("text", ["Привет", "Здравствуйте!", "asdfgh qwerty", "спасибо"])
async def test_small_talk_gets_a_hint(asker: BotClient, text: str) -> None:
    reply = await ask(asker, text)
    assert "Напишите вопрос" in reply.text
    assert buttons(reply) == []


async def test_kyrgyz_user_gets_kyrgyz_interface(asker: BotClient, rt: Runtime) -> None:
    await UserRepository(rt.db).set_language(ASKER, "ky")
    reply = await ask(asker, "Бүгүн Бишкекте аба ырайы кандай болот?")
    # the weather is off topic: said plainly, in Kyrgyz
    assert "жергиликтүү өз алдынча башкарууга тиешелүү эмес" in reply.text
    reply = await ask(asker, "Балага чет өлкөлүк паспортту кантип алса болот?")
    assert "ишенимдүү жооп" in reply.text  # not in the knowledge base: said in Kyrgyz


async def test_full_text_in_pieces_with_the_source(
    asker: BotClient, session: RecordingSession, rt: Runtime
) -> None:
    engine = await _engine(rt)
    longest = max(
        (item for item in range(engine.size) if engine.items[item][0] == 0),
        key=lambda item: len(engine.items[item][2].text),
    )
    hit = engine.make_hit(longest, "ru", 1.0)
    qid = await _log_results(
        rt, "ru", "answered", {"id": hit.id, "kind": hit.kind, "title": hit.title}
    )
    await press(asker, f"srch:full:{qid}:0:0")
    pieces = session.sent()
    assert pieces and all(len(p.text) <= 4096 for p in pieces)
    assert "Источник" in pieces[-1].text
    joined = " ".join(p.text for p in pieces)
    assert hit.text.split()[0] in joined


async def test_forged_buttons_are_refused(
    asker: BotClient, client: ClientFactory, session: RecordingSession, rt: Runtime
) -> None:
    await ask(asker, "Каким постановлением утверждена Программа развития МСУ?")
    qid = await last_question_id(rt)
    other = client(OTHER)
    for data in (f"srch:pick:{qid}:0:0", f"srch:full:{qid}:0:0", f"srch:ok:{qid}:0:0"):
        await press(other, data)
        alert = session.sent("AnswerCallbackQuery")[-1]
        assert alert.show_alert
    assert (await get_question(rt.db, qid)).helped is None
    await press(asker, f"srch:pick:{qid}:9:0")
    assert session.sent("AnswerCallbackQuery")[-1].show_alert


def test_callback_data_fits_telegram() -> None:
    packed = SearchCallback(action="pick", qid=2**31 - 1, idx=2, offer=2**31 - 1).pack()
    assert len(packed.encode()) <= 64


def test_trim_and_chunks() -> None:
    text, cut = trim("бир эки үч төрт беш алты", 12)
    assert cut and text.endswith("…") and len(text) <= 12
    assert trim("кыска", 12) == ("кыска", False)
    long = ("сөз " * 3000).strip()
    parts = chunks(long, 1000)
    assert all(len(p) <= 1000 for p in parts)
    assert " ".join(parts) == long


async def _engine(rt: Runtime) -> Any:
    if rt.knowledge.engine is None:
        await rt.knowledge.load()
    return rt.knowledge.engine


# --- issue 9/10: the asker's language, article headings, full article, official text ----------

ARTICLE_PARAS = [
    f"{n}) Айыл окмоту <в пределах> своей компетенции & по закону: "
    + "распоряжается землями сельскохозяйственного назначения. " * 12
    for n in range(1, 13)
]


async def _with_code(rt: Runtime) -> Any:
    """The bundled KB plus a Russian-only code whose article 13 is long and in three passages."""
    from db.repositories.knowledge import KnowledgeRepository

    await _engine(rt)
    heading = "Компетенция айыл окмоту в сфере регулирования земельных отношений"
    parts = [
        article(
            "13", "\n".join(ARTICLE_PARAS[i * 4 : i * 4 + 4]), pid=f"a13-{i}-ru", heading=heading
        )
        for i in range(3)
    ]
    code = act(
        "code",
        "45",
        "1999-06-02",
        doc_id="land-code-1999-test",
        ru="Земельный кодекс Кыргызской Республики",
        source_url="https://cbd.minjust.gov.kg/1-3",
        passages=[
            article("12", "Статья о другом.", pid="a12-ru"),
            *parts,
            article("14", "Ещё одна статья.", pid="a14-ru"),
        ],
    )
    await KnowledgeRepository(rt.db).upsert_document(code)
    await rt.knowledge.load()
    return rt.knowledge.engine


async def _log_hits(rt: Runtime, lang: str, *ids: str) -> int:
    return await _log_results(
        rt, lang, "suggest", *({"id": hit_id, "kind": "passage", "title": "…"} for hit_id in ids)
    )


async def _log_results(rt: Runtime, lang: str, status: str, *results: dict[str, Any]) -> int:
    """A question of ASKER's logged with these results (each scored 1.0): its id."""
    return await log_question(
        rt.db,
        user_id=ASKER,
        text="?",
        lang=lang,
        status=status,
        results=[{**result, "score": 1.0} for result in results],
    )


async def test_article_answer_heading_citation_official_text_and_full_article(
    asker: BotClient, session: RecordingSession, rt: Runtime
) -> None:
    await _with_code(rt)
    qid = await _log_hits(rt, "ru", "doc:land-code-1999-test#a13-1-ru")
    await press(asker, f"srch:pick:{qid}:0:0")
    shown = session.sent()[-1]
    assert "Статья 13. Компетенция айыл окмоту в сфере регулирования земельных отношений" in (
        shown.text
    )
    assert (
        "Земельный кодекс Кыргызской Республики от 2 июня 1999 года № 45, статья 13 "
        "«Компетенция айыл окмоту в сфере регулирования земельных отношений»" in shown.text
    )
    assert "&lt;в пределах&gt;" in shown.text and "&amp;" in shown.text  # escaped
    markup = shown.reply_markup.inline_keyboard
    urls = [b.url for row in markup for b in row if b.url]
    assert urls == ["https://cbd.minjust.gov.kg/1-3"]
    full = [b.callback_data for row in markup for b in row if (b.callback_data or "").startswith(
        "srch:full:"
    )]  # fmt: skip
    assert full == [f"srch:full:{qid}:0:0"]
    assert all(len((b.callback_data or "").encode()) <= 64 for row in markup for b in row)

    await press(asker, full[0])
    pieces = [m.text for m in session.sent("SendMessage")]
    assert len(pieces) >= 2 and all(len(p) <= 4096 for p in pieces)
    joined = "\n".join(pieces)
    # the whole article, in order, nothing from articles 12 and 14
    positions = [joined.index(f"{n}) Айыл окмоту") for n in range(1, 13)]
    assert positions == sorted(positions)
    assert "другом" not in joined and "Ещё одна" not in joined
    assert pieces[0].startswith("<b>Статья 13. Компетенция")
    assert "Источник" in pieces[-1] and "Источник" not in pieces[0]
    for piece in pieces:  # split between paragraphs: each piece ends a paragraph
        body = piece.split("\n\n📄")[0]
        assert body.rstrip().endswith(("назначения.", "</b>"))
    assert "<в пределах>" not in joined


async def test_a_point_offered_by_a_lookup_is_shown_alone_when_picked(
    asker: BotClient, session: RecordingSession, rt: Runtime
) -> None:
    # "п. 2 ст. 13" with two acts having article 13: each offered with the point asked; the
    # logged result keeps the point, so picking it shows that point again, named by the citation
    await _with_code(rt)
    point = {"point": "2", "point_kind": "point", "sub": None}
    row = {"id": "doc:land-code-1999-test#a13-0-ru", "kind": "passage", "title": "…", **point}
    qid = await _log_results(rt, "ru", "suggest", row)
    await press(asker, f"srch:pick:{qid}:0:0")
    shown = session.sent()[-1].text
    assert "2) Айыл окмоту" in shown and "1) Айыл окмоту" not in shown
    assert "3) Айыл окмоту" not in shown
    assert "«Компетенция айыл окмоту в сфере регулирования земельных отношений», пункт 2" in shown


def test_the_question_log_keeps_the_point_a_lookup_asked() -> None:
    from handlers.search.render import result_rows
    from knowledge.search.engine import Hit

    hit = Hit(
        id="doc:d#a1", kind="passage", doc_id="d", passage_id="a1", faq_id=None, title="t",
        text="x", source="s", score=1.0, point="1", point_kind="part", sub="5",
    )  # fmt: skip
    row = result_rows([hit])[0]
    assert (row["point"], row["point_kind"], row["sub"]) == ("1", "part", "5")
    hit.point = None
    assert "point" not in result_rows([hit])[0]


@pytest.mark.parametrize(
    "question",
    ["Жергиликтуу оз алдынча башкаруу жонундо мыйзам кайсы?", "ayil okmotu kim shaylayt"],
)
async def test_kyrgyz_question_gets_kyrgyz_answer_with_russian_buttons(
    asker: BotClient, rt: Runtime, question: str
) -> None:
    # the asker's profile is Russian; the question is Kyrgyz typed without ө/ү/ң, or in Latin
    reply = await ask(asker, question)
    logged = await get_question(rt.db, await last_question_id(rt))
    assert logged.lang == "ky"
    assert "Булак:" in reply.text or "тандаңыз" in reply.text  # the message is Kyrgyz
    assert "Источник" not in reply.text
    labels = [t for t, _ in buttons(reply) if not t[:1].isdigit()]  # not the suggestions
    assert labels and all(not re.search(r"[өүң]", t) for t in labels)  # buttons: Russian
    assert set(labels) & {"👍 Помогло", "🙋 Не помогло — спросить консультанта"}


async def test_russian_question_from_a_kyrgyz_profile_gets_russian(
    asker: BotClient, client: ClientFactory, session: RecordingSession, rt: Runtime
) -> None:
    await UserRepository(rt.db).set_language(ASKER, "ky")
    await _engine(rt)
    qid = await _log_hits(rt, "ru", "doc:gd-513-2018")
    await press(client(ASKER, language_code="ky"), f"srch:pick:{qid}:0:0")
    shown = session.sent()[-1]
    # a document-level result: the act's summary in Russian with its Russian citation
    assert "Источник" in shown.text
    assert "Постановление Правительства Кыргызской Республики от 31 октября 2018 года № 513" in (
        shown.text
    )
    assert not re.search(r"[өүң]", shown.text.split("Источник")[0])
    labels = [t for t, _ in buttons(shown)]
    assert "👍 Жардам берди" in labels  # buttons in the profile's language


async def test_answer_in_the_language_available_says_so_once(
    asker: BotClient, client: ClientFactory, session: RecordingSession, rt: Runtime
) -> None:
    await _with_code(rt)  # the code exists in Russian only
    await UserRepository(rt.db).set_language(ASKER, "ky")
    qid = await _log_hits(rt, "ky", "doc:land-code-1999-test#a12-ru")
    await press(client(ASKER, language_code="ky"), f"srch:pick:{qid}:0:0")
    text = session.sent()[-1].text
    assert text.count("орус тилинде гана бар") == 1
    assert text.startswith("ℹ️ Бул материал билим базасында орус тилинде гана бар.")
    assert "Статья 12" in text  # the Russian text is headed in Russian
    assert "Булак:" in text


async def test_kyrgyz_reader_gets_the_kyrgyz_twin_of_a_russian_passage(
    asker: BotClient, client: ClientFactory, session: RecordingSession, rt: Runtime
) -> None:
    engine = await _engine(rt)
    doc_id, pid = next(
        (obj.id, p.id)
        for kind, obj, p in engine.items
        if kind == 0 and p.lang == "ru" and p.id.endswith("-ru")
    )
    await UserRepository(rt.db).set_language(ASKER, "ky")
    qid = await _log_hits(rt, "ky", f"doc:{doc_id}#{pid}")
    await press(client(ASKER, language_code="ky"), f"srch:pick:{qid}:0:0")
    text = session.sent()[-1].text
    twin = engine.passages[(doc_id, pid.removesuffix("-ru"))]
    assert twin.lang == "ky"
    assert twin.text.split()[0] in text and "гана бар" not in text


async def test_off_topic_is_told_plainly_with_a_consultant_button(
    asker: BotClient, rt: Runtime, monkeypatch: Any
) -> None:
    from types import SimpleNamespace

    real = rt.knowledge.search

    async def search(query: str, lang: str | None = None, limit: int = 5) -> Any:
        result = await real(query, lang, limit)
        fields = {name: getattr(result, name) for name in result.__slots__}
        return SimpleNamespace(**{**fields, "status": "escalate", "off_topic": True})

    monkeypatch.setattr(rt.knowledge, "search", search)
    reply = await ask(asker, "Какой курс доллара сегодня?")
    assert "не относится к местному самоуправлению" in reply.text
    assert "земля, бюджет" in reply.text  # what the bot can do
    assert only_button(reply).startswith("esc:")
    row = await rt.db.fetchone(
        "SELECT status, category FROM questions WHERE id = ?", (await last_question_id(rt),)
    )
    assert (row["status"], row["category"]) == ("off_topic", "off_topic")


async def test_forged_full_text_and_feedback_are_refused_clearly(
    asker: BotClient, client: ClientFactory, session: RecordingSession, rt: Runtime
) -> None:
    await _engine(rt)
    qid = await _log_hits(rt, "ru", "doc:gd-513-2018")
    other = client(OTHER)
    for data in (f"srch:full:{qid}:0:0", f"srch:no:{qid}:0:5", f"srch:full:{qid + 99}:0:0"):
        await press(other, data)
        alert = session.sent("AnswerCallbackQuery")[-1]
        assert alert.show_alert and "чужому вопросу" in alert.text
        assert not session.sent("SendMessage")
    await press(other, "srch:full:x' OR 1=1:0:0")
    assert session.sent("AnswerCallbackQuery")[-1].show_alert  # the fallback refuses it


def test_pack_messages_splits_between_paragraphs_and_escapes() -> None:
    from handlers.search import pack_messages

    paras = [f"{n}. <p> " + "сөз & сөз " * 60 for n in range(40)]
    pieces = pack_messages(paras, header="<b>H</b>", footer="<i>F</i>", limit=1000)
    assert len(pieces) > 5 and all(len(p) <= 1000 for p in pieces)
    assert pieces[0].startswith("<b>H</b>\n\n0. &lt;p&gt;") and pieces[-1].endswith("<i>F</i>")
    assert "<p>" not in "".join(pieces)
    one = pack_messages(["а" * 2500 + ". " + "б" * 2500], limit=1000)
    assert all(len(p) <= 1000 for p in one) and "".join(one).count("б") == 2500


def test_answer_message_fits_with_a_huge_title_and_citation(rt: Runtime) -> None:
    from handlers.search import Shown, answer_text

    i18n = rt.translator.bind("ru")
    shown = Shown(
        title="Т" * 5000, label="Статья 1", body="<&>" * 3000, source="«И» " * 2000, lang="ky"
    )
    text, cut = answer_text(i18n, shown)
    assert cut and len(text) <= 4096 and "<&>" not in text
    assert text.startswith("ℹ️ Этот материал есть в базе знаний только на кыргызском языке.")


def test_a_citation_in_the_other_language_is_said_once(rt: Runtime) -> None:
    from handlers.search import Shown, answer_text

    ru = rt.translator.bind("ru")
    shown = Shown("Т", None, "Текст", "Айыл чарба программасы", "ru", source_lang="ky")
    text, _ = answer_text(ru, shown)
    assert text.count("только на кыргызском языке") == 1
    same = Shown("Т", None, "Текст", "Программа", "ru", source_lang="ru")
    assert "только на" not in answer_text(ru, same)[0]
