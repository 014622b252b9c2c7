"""The bilingual lexicon links the general land, water, budget, tax and court vocabulary
(session 5 additions), in inflected forms, and keeps apart words that only look alike."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.lexicon_legal import groups_table


def shared(analyzer: Analyzer, ky: str, ru: str) -> set[str]:
    """Concepts that every content word of the Kyrgyz phrase and of the Russian one carry."""

    def common(text: str, lang: str) -> set[str]:
        analysis = analyzer.analyze(text, lang)
        sets = [
            set(c) for w, c in zip(analysis.words, analysis.concepts, strict=True) if not w.stop
        ]
        return set.intersection(*sets) if sets else set()

    return common(ky, "ky") & common(ru, "ru")


@pytest.mark.parametrize(
    ("ky", "ru"),
    [
        ("бургулоого", "бурение"),
        ("казып алууга", "добыча"),
        ("үнөмдөгөндөр", "сбережение"),
        ("дотациялар", "дотации"),
        ("теңдештирүүчү гранттын", "выравнивающего гранта"),
        ("салык салуунун объектиси", "объект налогообложения"),
        ("мамлекеттик алымды", "государственную пошлину"),
        ("айыл башчысына", "старосте"),
        ("доогердин", "истца"),
        ("жоопкерге", "ответчику"),
        ("апелляциялык", "апелляционная"),
        ("жерди басып алуу", "самовольное занятие"),
        ("арыктар", "оросительные каналы"),
        ("айып пулдун", "административного штрафа"),
        ("мамлекеттер аралык", "межгосударственное"),
        ("коңшу мамлекеттер", "соседние государства"),
        ("тутумдун", "системы"),
        ("кабарлоо тутуму", "система оповещения"),
        ("тартиптик жаза", "дисциплинарное взыскание"),
        ("бош орундар", "вакансии"),
    ],
)
def test_kyrgyz_term_meets_its_russian_translation(analyzer: Analyzer, ky: str, ru: str) -> None:
    assert shared(analyzer, ky, ru)


@pytest.mark.parametrize(
    ("ky", "ru"),
    [
        ("үнөмдөө", "экономическое"),  # saving is not the economy
        ("айыл башчысы", "старости"),  # a village head is not old age
    ],
)
def test_look_alikes_stay_apart(analyzer: Analyzer, ky: str, ru: str) -> None:
    assert not shared(analyzer, ky, ru)


def test_groups_table_reads_one_group_a_line_with_continuations_and_comments() -> None:
    table = """
    # a comment
    жер* | земл*, земельн*
    айыл өкмөтү, айыл өкмөт |
        айыл окмоту, сельская управа | АӨ, АО
    """
    assert groups_table(table) == [
        (["жер*"], ["земл*", "земельн*"], []),
        (["айыл өкмөтү", "айыл өкмөт"], ["айыл окмоту", "сельская управа"], ["АӨ", "АО"]),
    ]


def test_groups_table_refuses_a_line_with_a_stray_bar() -> None:
    """ "ru terms, |" at a line's end followed by more Russian terms made them abbreviations
    (matched only as written, in capitals); a fourth part was dropped silently."""
    with pytest.raises(ValueError, match="more than 3 parts"):
        groups_table("жер* | земл* | ЗК | земельн*")


def test_every_abbreviation_of_the_lexicon_is_one() -> None:
    from knowledge.search.lexicon import LEXICON

    misplaced = [a for _, _, abbrs in LEXICON for a in abbrs if not any(c.isupper() for c in a)]
    assert misplaced == []
