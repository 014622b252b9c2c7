"""Language quality of locales/ky and locales/ru (issue 10): no English (Latin-letter words)
anywhere a user looks, and Fluent plural forms that agree with the numbers in both languages.

Every message is formatted the way the bot formats it (``bot.i18n.Translator``), with each
variable set to a number so that every plural variant is exercised; what remains after the
allowed Latin is removed must contain no Latin letter.  Allowed: placeholders (not in the
text), HTML tags, ``<code>…</code>`` (command syntax, file columns), URLs, /commands, file
extensions (.ics, .yaml) and the names of file formats the user picks (CSV, XLSX, YAML, UTF-8)."""

from __future__ import annotations

import re

import pytest

from bot.i18n import LOCALES_DIR, Translator

FILE_FORMATS = {"CSV", "XLSX", "YAML", "UTF"}
_VARIABLE = re.compile(r"\$([A-Za-z_][\w-]*)")
_ALLOWED = [
    re.compile(r"<code>.*?</code>", re.S),  # literal syntax the user types or a file holds
    re.compile(r"<[^>]+>"),  # HTML tags (<b>, <a href="…">)
    re.compile(r"https?://\S*"),  # links
    re.compile(r"(?<![\w/])/[a-z_]+(?:@\w+)?"),  # /start, /event_new
    re.compile(r"(?<![\w])\.[a-z]{2,4}\b"),  # file extensions: .ics, .yaml, .csv
    re.compile(r"«//»"),
]
_LATIN_WORD = re.compile(r"[A-Za-z](?:[A-Za-z'-]*[A-Za-z])?")


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator()


def variables(lang: str) -> dict[str, set[str]]:
    """Variable names of every message, read from the .ftl source."""
    found: dict[str, set[str]] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.ftl")):
        key = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := re.match(r"^([a-z][\w-]*)\s*=", line):
                key = match[1]
                found[key] = set()
            if key and not line.startswith("#"):
                found[key] |= set(_VARIABLE.findall(line))
    return found


def renderings(translator: Translator, lang: str, key: str, names: set[str]) -> list[str]:
    """The message with every variable set to 1, 2, 5 and 21 (all plural categories)."""
    return [translator.get(lang, key, **dict.fromkeys(names, n)) for n in (0, 1, 2, 5, 21)]


def latin_words(text: str) -> list[str]:
    for pattern in _ALLOWED:
        text = pattern.sub(" ", text)
    return [w for w in _LATIN_WORD.findall(text) if w not in FILE_FORMATS]


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_no_latin_words_in_any_message(translator: Translator, lang: str) -> None:
    offenders: dict[str, list[str]] = {}
    for key, names in variables(lang).items():
        for text in renderings(translator, lang, key, names):
            if words := latin_words(text):
                offenders[key] = words
    assert offenders == {}, f"{len(offenders)} {lang} messages with Latin words: {offenders}"


def test_the_scan_finds_english() -> None:
    assert latin_words("Не понял период. Можно: today, week, 30d") == ["today", "week", "d"]
    assert latin_words("📚 FAQ долбоору") == ["FAQ"]
    assert latin_words("<code>/export tickets month</code> — /stats, https://x.kg/a б") == []
    assert latin_words("Файл .ics, формат CSV или XLSX") == []


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_no_raw_variables_or_errors(translator: Translator, lang: str) -> None:
    """Every message formats without a Fluent error (a missing variable shows as "{$x}")."""
    for key, names in variables(lang).items():
        for text in renderings(translator, lang, key, names):
            assert "{$" not in text and "{ $" not in text, (key, text)
            assert not re.search(r"\w\(а\)|\(ов\)|\(а\)\b", text), (key, text)  # "раз(а)"


# -- plurals -----------------------------------------------------------------------------------
RUSSIAN_PLURALS = [
    ("gaps-group", {"n": 1, "askers": 1, "escalated": 0, "not_helped": 0}, "count",
     {1: "1 раз ", 2: "2 раза", 5: "5 раз ", 11: "11 раз ", 22: "22 раза"}),
    ("gaps-draft-prompt", {"question": "в", "others": "—"}, "count",
     {1: "1 похожий вопрос)", 3: "3 похожих вопроса)", 5: "5 похожих вопросов)",
      21: "21 похожий вопрос)"}),
    ("stats-helped", {"helped": 1, "rate": "50%"}, "feedback",
     {1: "из 1 отзыва", 2: "из 2 отзывов", 21: "из 21 отзыва", 11: "из 11 отзывов"}),
    ("ticket-closed-no-reply", {"number": 7, "reopen_days": 7}, "days",
     {1: "ответа 1 день", 3: "ответа 3 дня", 5: "ответа 5 дней", 21: "ответа 21 день"}),
    ("ev-sla-take", {"number": 7, "age": "1 ч", "category": "к", "question": "в"}, "minutes",
     {1: "за 1 рабочую минуту", 2: "за 2 рабочие минуты", 30: "за 30 рабочих минут"}),
    ("ev-sla-response", {"number": 7, "supervisors": "С"}, "hours",
     {1: "за 1 рабочий час", 4: "за 4 рабочих часа", 8: "за 8 рабочих часов"}),
    ("gaps-off-topic", {}, "count",
     {1: "1 вопрос не по теме МСУ сюда не вошёл", 3: "3 вопроса не по теме МСУ сюда не вошли",
      7: "7 вопросов не по теме МСУ сюда не вошли"}),
    ("event-days", {}, "n", {1: "1 день", 3: "3 дня", 5: "5 дней", 21: "21 день"}),
]  # fmt: skip


@pytest.mark.parametrize(("key", "args", "number", "expected"), RUSSIAN_PLURALS)
def test_russian_plural_forms(
    translator: Translator, key: str, args: dict, number: str, expected: dict[int, str]
) -> None:
    for n, form in expected.items():
        text = translator.get("ru", key, **args, **{number: n})
        assert form in text + " ", (key, n, text)


def test_numbers_reach_fluent_as_numbers(translator: Translator) -> None:
    """bot.i18n passes ints as Fluent numbers (plural categories work) without grouping."""
    assert "12345 раз " in translator.get("ru", "gaps-group", n=1, count=12345, askers=2,
                                          escalated=0, not_helped=0) + " "  # fmt: skip
    # Kyrgyz nouns do not change after a numeral: one form for every number
    for n in (1, 2, 5):
        assert f"{n} окшош суроо" in translator.get(
            "ky", "gaps-draft-prompt", count=n, question="с", others="—"
        )


def test_kyrgyz_wording_fixed_in_issue_10(translator: Translator) -> None:
    ky = translator.bind("ky")
    assert "Бишкек убактысы" in ky("event-card-when", when="10.03.2026 10:00")
    assert "убакыты" not in "".join(
        p.read_text(encoding="utf-8") for p in (LOCALES_DIR / "ky").glob("*.ftl")
    )
    assert ky("event-card-places", free=39, capacity=40) == (
        "🎫 Бош орундар: 39 (жалпысынан 40 орун)"
    )
    assert "жумуш с:мүн" not in "".join(
        p.read_text(encoding="utf-8") for p in (LOCALES_DIR / "ky").glob("*.ftl")
    )
    assert "Так жооп" not in ky("search-suggest")
    assert "жеңилирээк" not in ky("profile-invite")


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_texts_used_as_callback_alerts_fit_telegram(translator: Translator, lang: str) -> None:
    """answerCallbackQuery takes at most 200 characters; these keys are shown as alerts."""
    for key in ("not-allowed", "not-allowed-ask", "callback-outdated", "gaps-draft-gone"):
        assert len(translator.get(lang, key)) <= 200, key


def test_numbers_given_as_strings_and_fractions_agree(translator: Translator) -> None:
    """Callers that format numbers themselves ("3", "1.5") still get the right plural form;
    a fraction takes the genitive singular in Russian ("1,5 рабочего часа")."""

    def sla(hours: object) -> str:
        return translator.get("ru", "ev-sla-response", number="12", hours=hours, supervisors="С")

    assert "за 3 рабочих часа" in sla("3")
    assert "за 1,5 рабочего часа" in sla("1.5")
    assert "за 4 рабочих часа" in sla(4)
    closed = translator.get("ru", "ev-closed-no-reply", number="5", days="3")
    assert "не отвечал 3 дня" in closed
    # strings that are not plain numbers stay as they are
    assert "№007" in translator.get("ru", "ticket-not-found", number="007")
    assert "+996 555" in translator.get("ru", "profile-line-phone", value="+996 555")


def test_a_long_text_quoted_back_is_cut_not_an_error(caplog) -> None:  # type: ignore[no-untyped-def]
    from bot.i18n import Translator

    for lang in ("ky", "ru"):
        text = Translator().get(lang, "event-err-datetime", value="<жер> " * 800)
        assert "…" in text and "&lt;жер&gt;" in text and len(text) < 1200
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_a_message_without_arguments_is_formatted_once_per_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fresh = Translator()
    formatted: list[str] = []
    for bundle in fresh._bundles.values():
        original = bundle.format_pattern

        def counting(pattern, args=None, _original=original):  # type: ignore[no-untyped-def]
            formatted.append("x")
            return _original(pattern, args)

        monkeypatch.setattr(bundle, "format_pattern", counting)
    first = [fresh.get(lang, "search-btn-helped") for lang in ("ky", "ru")]
    again = [fresh.get(lang, "search-btn-helped") for lang in ("ky", "ru")]
    assert first == again and first[0] != first[1] and len(formatted) == 2
    # with arguments: formatted each time (and each value escaped)
    assert fresh.get("ru", "search-source", source="<a>") != fresh.get(
        "ru", "search-source", source="b"
    )
    assert len(formatted) == 4
