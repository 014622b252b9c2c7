"""Kyrgyzstan's administrative map for registration: 7 oblasts with their 40 districts and the
towns of oblast significance, plus the cities of republican significance Bishkek and Osh.

Names in Kyrgyz (``ky``) and Russian (``ru``).  Codes are short ASCII identifiers that fit in
callback data and are what the database stores (``users.oblast`` = region code,
``users.district`` = district code); :func:`region_name` / :func:`district_name` give the
display names.  The municipality (ayil aimak / town) is typed by the user.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class District:
    code: str
    ky: str
    ru: str
    town: bool = False  # a town (city) rather than a rural district

    def name(self, lang: str) -> str:
        return self.ky if lang == "ky" else self.ru


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    ky: str
    ru: str
    districts: tuple[District, ...]
    city: bool = False  # Bishkek, Osh: cities of republican significance

    def name(self, lang: str) -> str:
        return self.ky if lang == "ky" else self.ru


def _d(code: str, ky: str, ru: str) -> District:
    return District(code, f"{ky} району", f"{ru} район")


def _t(code: str, ky: str, ru: str) -> District:
    return District(code, f"{ky} шаары", f"г. {ru}", town=True)


REGIONS: tuple[Region, ...] = (
    Region(
        "batken",
        "Баткен облусу",
        "Баткенская область",
        (
            _d("batken", "Баткен", "Баткенский"),
            _d("kadamjay", "Кадамжай", "Кадамжайский"),
            _d("leilek", "Лейлек", "Лейлекский"),
            _t("batken-t", "Баткен", "Баткен"),
            _t("kyzylkiya", "Кызыл-Кыя", "Кызыл-Кия"),
            _t("sulukta", "Сүлүктү", "Сулюкта"),
        ),
    ),
    Region(
        "chuy",
        "Чүй облусу",
        "Чуйская область",
        (
            _d("alamudun", "Аламүдүн", "Аламудунский"),
            _d("chuy", "Чүй", "Чуйский"),
            _d("jayyl", "Жайыл", "Жайылский"),
            _d("kemin", "Кемин", "Кеминский"),
            _d("moskva", "Москва", "Московский"),
            _d("panfilov", "Панфилов", "Панфиловский"),
            _d("sokuluk", "Сокулук", "Сокулукский"),
            _d("ysykata", "Ысык-Ата", "Ысык-Атинский"),
            _t("tokmok", "Токмок", "Токмок"),
        ),
    ),
    Region(
        "issykkul",
        "Ысык-Көл облусу",
        "Иссык-Кульская область",
        (
            _d("aksuu", "Ак-Суу", "Ак-Суйский"),
            _d("jetioguz", "Жети-Өгүз", "Джети-Огузский"),
            _d("issykkul", "Ысык-Көл", "Иссык-Кульский"),
            _d("ton", "Тоң", "Тонский"),
            _d("tup", "Түп", "Тюпский"),
            _t("karakol", "Каракол", "Каракол"),
            _t("balykchy", "Балыкчы", "Балыкчы"),
        ),
    ),
    Region(
        "jalalabad",
        "Жалал-Абад облусу",
        "Джалал-Абадская область",
        (
            _d("aksy", "Аксы", "Аксыйский"),
            _d("alabuka", "Ала-Бука", "Ала-Букинский"),
            _d("bazarkorgon", "Базар-Коргон", "Базар-Коргонский"),
            _d("chatkal", "Чаткал", "Чаткальский"),
            _d("nooken", "Ноокен", "Ноокенский"),
            _d("suzak", "Сузак", "Сузакский"),
            _d("toguztoro", "Тогуз-Торо", "Тогуз-Тороуский"),
            _d("toktogul", "Токтогул", "Токтогульский"),
            _t("jalalabad-t", "Жалал-Абад", "Джалал-Абад"),
            _t("karakol-j", "Кара-Көл", "Кара-Куль"),
            _t("mailuusuu", "Майлуу-Суу", "Майлуу-Суу"),
            _t("tashkomur", "Таш-Көмүр", "Таш-Кумыр"),
        ),
    ),
    Region(
        "naryn",
        "Нарын облусу",
        "Нарынская область",
        (
            _d("aktalaa", "Ак-Талаа", "Ак-Талинский"),
            _d("atbashy", "Ат-Башы", "Ат-Башинский"),
            _d("jumgal", "Жумгал", "Джумгальский"),
            _d("kochkor", "Кочкор", "Кочкорский"),
            _d("naryn", "Нарын", "Нарынский"),
            _t("naryn-t", "Нарын", "Нарын"),
        ),
    ),
    Region(
        "osh-obl",
        "Ош облусу",
        "Ошская область",
        (
            _d("alay", "Алай", "Алайский"),
            _d("aravan", "Араван", "Араванский"),
            _d("chongalay", "Чоң-Алай", "Чон-Алайский"),
            _d("karakulja", "Кара-Кулжа", "Кара-Кульджинский"),
            _d("karasuu", "Кара-Суу", "Карасуйский"),
            _d("nookat", "Ноокат", "Ноокатский"),
            _d("ozgon", "Өзгөн", "Узгенский"),
        ),
    ),
    Region(
        "talas",
        "Талас облусу",
        "Таласская область",
        (
            _d("bakayata", "Бакай-Ата", "Бакай-Атинский"),
            _d("karabuura", "Кара-Буура", "Кара-Бууринский"),
            _d("manas", "Манас", "Манасский"),
            _d("talas", "Талас", "Таласский"),
            _t("talas-t", "Талас", "Талас"),
        ),
    ),
    Region(
        "bishkek",
        "Бишкек шаары",
        "г. Бишкек",
        (
            District("b-lenin", "Ленин району", "Ленинский район"),
            District("b-oktyabr", "Октябрь району", "Октябрьский район"),
            District("b-pervomay", "Биринчи Май району", "Первомайский район"),
            District("b-sverdlov", "Свердлов району", "Свердловский район"),
        ),
        city=True,
    ),
    Region("osh", "Ош шаары", "г. Ош", (), city=True),
)

_REGIONS = {r.code: r for r in REGIONS}
_DISTRICTS = {(r.code, d.code): d for r in REGIONS for d in r.districts}


def region(code: str | None) -> Region | None:
    return _REGIONS.get(code or "")


def district(region_code: str | None, code: str | None) -> District | None:
    return _DISTRICTS.get((region_code or "", code or ""))


def region_name(code: str | None, lang: str) -> str:
    """Display name of a stored region code; unknown codes (free text) are shown as they are."""
    found = region(code)
    return found.name(lang) if found else (code or "")


def district_name(region_code: str | None, code: str | None, lang: str) -> str:
    found = district(region_code, code)
    return found.name(lang) if found else (code or "")


def rural_district_count() -> int:
    return sum(1 for r in REGIONS if not r.city for d in r.districts if not d.town)
