"""The light Kyrgyz suffix stripper: forms that must conflate, and words that must not."""

from __future__ import annotations

import pytest

from knowledge.search.kyrgyz import stem
from knowledge.search.normalize import fold


def st(word: str) -> str:
    return stem(fold(word.casefold()))


@pytest.mark.parametrize(
    ("forms", "lemma"),
    [
        (["өкмөт", "өкмөтү", "өкмөтүнүн", "өкмөтүнө", "өкмөттөрүндө", "өкмөтүнөн"], "окмот"),
        (["жарлык", "жарлыгы", "жарлыгын", "Жарлыгында"], "жарлык"),
        (["буйрук", "буйругу", "буйругун"], "буйрук"),
        (["тартип", "тартиби", "тартибин", "Тартипке"], "тартип"),
        (["аймак", "аймагында", "аймактарда", "аймакка"], "аймак"),
        (["облус", "облусу", "облусунан", "облустан", "облустарынын"], "облус"),
        (["Кыргызстан", "Кыргызстандын", "Кыргызстанда"], "кыргызстан"),
        (["кеңеш", "кеңешинин", "кеңештердин", "кеңешине"], "кенеш"),
        (["агенттик", "Агенттиктин", "Агенттикте", "Агенттиги"], "агенттик"),
        (["программа", "программасы", "программасын", "программанын"], "программа"),
        (["башкаруу", "башкаруунун", "башкарууну", "башкаруусун", "башкаруулар"], "башкаруу"),
        (["жыл", "жылы", "жылдын", "жылдарга"], "жыл"),
        (["уюм", "уюмдар", "уюмдарынын"], "уюм"),
        (["мүчө", "мүчөлөрү", "мүчөлөрүнүн"], "мучо"),
        (["адам", "адамдан", "адамдар"], "адам"),
        (["айыл", "айылдагы", "айылында"], "айыл"),
        (["мекен", "мекенибиздин"], "мекен"),
        (["жардам", "жардамыңыз"], "жардам"),
    ],
)
def test_forms_conflate(forms: list[str], lemma: str) -> None:
    assert {st(form) for form in forms} == {lemma}


@pytest.mark.parametrize(
    "word",
    ["билим", "айрым", "суу", "курс", "конкурс", "Кыргызстан", "жергиликтүү", "кийин", "бүгүн"],
)
def test_protected_words_stay_whole(word: str) -> None:
    assert st(word) == fold(word.casefold())


def test_im_is_never_stripped() -> None:
    assert st("билими") == "билим"  # the possessive goes, the -им of the stem stays
    assert st("билим") != st("били")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("суу", "су"),  # water vs a short stem
        ("облус", "облу"),
        ("тренинг", "тренинк"),  # г after a consonant is not unvoiced
        ("жылдын", "жылкы"),
        ("мамиле", "мамлекет"),
        ("окмот", "окуу"),
        ("Кыргызстандын", "кыргыз"),
    ],
)
def test_different_words_do_not_conflate(a: str, b: str) -> None:
    assert st(a) != st(b)


def test_voicing_is_undone_only_after_a_vowel_suffix() -> None:
    assert st("тренингдерине") == "тренинг"
    assert st("тренинги") == "тренинг"
    assert st("жарлыгы") == "жарлык"


def test_harmony_blocks_wrong_suffixes() -> None:
    # "-лер" cannot follow a back-vowel stem: "барлер" is not "бар" + plural
    assert st("барлер") == "барлер"
