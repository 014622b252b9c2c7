"""A Kyrgyz citation of an act imported in Russian only names the act by its Russian name, as it
quotes the article's Russian heading: "№ 123 Мыйзамы" alone does not tell a reader which law."""

from __future__ import annotations

from knowledge.models import Passage
from knowledge.search.citation import cite
from tests.helpers.kb import act

ART52 = Passage(id="a52", lang="ru", article="52", heading="Назначение главы айыл окмоту", text="…")


def test_kyrgyz_citation_names_a_russian_only_law() -> None:
    for title in (
        "О местной государственной администрации и органах местного самоуправления",
        "Закон Кыргызской Республики «О местной государственной администрации и органах "
        "местного самоуправления»",
    ):
        law = act("law", "123", "2021-10-20", ru=title)
        c = cite(law, ART52, "ky")
        assert c.lang == "ky"
        assert c.text == (
            "Кыргыз Республикасынын 2021-жылдын 20-октябрындагы № 123 «О местной "
            "государственной администрации и органах местного самоуправления» Мыйзамы, "
            "52-берене «Назначение главы айыл окмоту»"
        )
        assert cite(law, ART52, "ru").text.startswith(
            "Закон Кыргызской Республики от 20 октября 2021 года № 123 «О местной "
        )


def test_russian_citation_of_a_kyrgyz_only_law_quotes_its_kyrgyz_name() -> None:
    # (session 9: "… № 30, статья 9" alone did not say which law or article; the name and the
    # heading are quoted in the state language, as the act has them, the rest is Russian)
    law = act("law", "30", "2009-01-26", ky="Жайыттар жөнүндө")
    art = Passage(
        id="a9", lang="ky", article="9", heading="Айыл өкмөтүнүн ыйгарым укуктары", text="…"
    )
    assert cite(law, art, "ru").text == (
        "Закон Кыргызской Республики от 26 января 2009 года № 30 «Жайыттар жөнүндө», статья 9 "
        "«Айыл өкмөтүнүн ыйгарым укуктары»"
    )
    assert cite(law, art, "ky").text == (
        "Кыргыз Республикасынын 2009-жылдын 26-январындагы № 30 «Жайыттар жөнүндө» Мыйзамы, "
        "9-берене «Айыл өкмөтүнүн ыйгарым укуктары»"
    )
