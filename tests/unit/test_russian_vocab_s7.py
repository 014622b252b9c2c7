"""Russian everyday words of questions ↔ the words acts use for them (session 7): a debt and
not paying, cutting a supply off, the owner, neighbouring states, resources not replenished."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer


def concepts_of(analyzer: Analyzer, text: str) -> set[str]:
    analysis = analyzer.analyze(text, "ru")
    return set().union(*analysis.concepts)


@pytest.mark.parametrize(
    ("asked", "written"),
    [
        ("из-за долга", "не вносит плату"),
        ("фермер не платит", "неуплата"),
        ("за неуплату", "задолженность по платежам"),
        ("перекрыл воду", "прекратить поставку воды"),
        ("перестали подавать воду", "прекращение подачи"),
        ("отключили газ", "приостановление подачи газа"),
        ("кто хозяин воды", "собственность государства"),
        ("хозяин участка", "собственник земельного участка"),
        ("можно ли продать родник", "неотчуждаемой собственностью"),
        ("с соседними государствами", "межгосударственное использование"),
        ("вода не пополняется", "невозобновляемых зон"),
        ("на сколько лет заключается", "сроки действия контракта"),
        ("как долго действует", "срок действия"),
        ("могут ли жители", "представители общественности"),
    ],
)
def test_everyday_word_meets_the_legal_term(analyzer: Analyzer, asked: str, written: str) -> None:
    assert concepts_of(analyzer, asked) & concepts_of(analyzer, written)


@pytest.mark.parametrize(
    ("asked", "written"),
    [
        ("вносит плату", "неуплата"),  # paying is not its failure: "не внос*" keeps its "не"
        ("платит за полив", "задолженность"),
        ("перекрыть реку", "прекращение подачи"),  # damming a river is not a supply cut off
        ("собственник", "собственность"),  # only the everyday "хозяин" reaches both
        ("сколько стоит", "срок"),
    ],
)
def test_near_words_stay_apart(analyzer: Analyzer, asked: str, written: str) -> None:
    assert not concepts_of(analyzer, asked) & concepts_of(analyzer, written)


def test_a_kyrgyz_duration_question_asks_for_a_term(analyzer: Analyzer) -> None:
    term = set().union(*analyzer.analyze("мөөнөтү", "ky").concepts)
    asked = set().union(*analyzer.analyze("келишим канча жылга түзүлөт", "ky").concepts)
    assert term & asked
    # "канча айыл" is how many villages (айыл), not how many months (ай)
    villages = set().union(*analyzer.analyze("канча айыл аймагы бар", "ky").concepts)
    assert not term & villages


def _keys(analyzer: Analyzer, text: str) -> set[str]:
    analysis = analyzer.analyze(text, "ru")
    return {word.key for word in analysis.words} | set().union(*analysis.concepts)


@pytest.mark.parametrize(
    ("village", "mudflow"),
    [
        ("дорога между сёлами", "сход селей"),
        ("дорога между селами", "угроза селя"),
        ("в нашем селе", "защита от селей"),
        ("жители сёл", "сели и оползни"),
    ],
)
def test_village_and_mudflow_do_not_share_a_key(
    analyzer: Analyzer, village: str, mudflow: str
) -> None:
    """Snowball stems село and сель alike ("сел"): a question about villages must not reach the
    articles on mudflows, and the Kyrgyz "сел" (mudflow) still reaches the Russian one."""
    assert not _keys(analyzer, village) & _keys(analyzer, mudflow)
    kyrgyz = set().union(*analyzer.analyze("сел жүрүү коркунучу", "ky").concepts)
    assert kyrgyz & _keys(analyzer, mudflow)
    assert not kyrgyz & _keys(analyzer, village)
