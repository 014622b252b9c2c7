"""An article answered to a Kyrgyz asker from a Russian-only act: the citation keeps the article's
heading (quoted as the act has it), and the answer says the text is the act's, untranslated."""

from __future__ import annotations

from types import SimpleNamespace

from bot.i18n import Translator
from handlers.search.render import Shown, answer_text
from knowledge.cli_search import format_human
from knowledge.search.citation import cite
from tests.helpers.kb import act, article

WATER = act(
    "code", "8", "2005-01-12", doc_id="water-code", ru="Водный кодекс Кыргызской Республики"
)
ART = article("69", "1. …", heading="Водоохранные зоны")


def test_kyrgyz_citation_of_a_russian_only_article_keeps_its_heading() -> None:
    ky = cite(WATER, ART, "ky")
    assert ky.lang == "ky"
    assert ky.text == (
        "Кыргыз Республикасынын 2005-жылдын 12-январындагы № 8 Суу кодекси, 69-берене "
        "«Водоохранные зоны»"
    )
    assert cite(WATER, ART, "ru").text.endswith("статья 69 «Водоохранные зоны»")


def test_bot_answer_says_the_article_is_the_acts_own_text() -> None:
    ky = Translator().bind("ky")
    article = Shown("Суу кодекси", "Статья 69. Водоохранные зоны", "1. …", "…", "ru", article="69")
    text, _ = answer_text(ky, article)
    first = text.split("\n\n")[0]
    assert first == (
        "ℹ️ Бул материал билим базасында орус тилинде гана бар. "
        "Берене актынын расмий текстинен которулбай келтирилди."
    )
    # not an article (a summary, a news item): the short line alone
    summary = Shown("Суу кодекси", None, "Кыскача …", "…", "ru")
    assert answer_text(ky, summary)[0].split("\n\n")[0] == (
        "ℹ️ Бул материал билим базасында орус тилинде гана бар."
    )
    # a Russian reader of the same article: nothing to say
    assert "ℹ️" not in answer_text(Translator().bind("ru"), article)[0]


def test_ask_cli_says_so_to_a_kyrgyz_asker_only() -> None:
    hit = SimpleNamespace(
        title="Водный кодекс", text="1. …", source="Суу кодекси, 69-берене", article="69", lang="ru"
    )
    result = SimpleNamespace(status="answered", results=[hit])
    ky = format_human("суу коргоо зонасы", result, "ky")
    assert "Берене актынын расмий текстинен которулбай келтирилди." in ky
    assert "орус тилинде гана бар" in ky
    ru = format_human("водоохранная зона", result, "ru")
    assert "ℹ️" not in ru
