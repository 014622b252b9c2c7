"""Kyrgyzstan's administrative map for registration: 7 oblasts with their 40 districts and the
towns of oblast significance, plus the cities of republican significance Bishkek and Osh.

Names in Kyrgyz (``ky``) and Russian (``ru``).  Codes are short ASCII identifiers that fit in
callback data and are what the database stores (``users.oblast`` = region code,
``users.district`` = district code); :func:`region_name` / :func:`district_name` give the
display names.  The municipality (ayil aimak / town) is typed by the user.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


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


# The map as one table, read once below.  A line at the left margin is a region: code | Kyrgyz |
# Russian, and "city" for a city of republican significance.  The indented lines under it are its
# districts: code | Kyrgyz name | Russian adjective, shown as "<name> району" / "<adjective>
# район"; "town" marks a town of oblast significance, shown as "<name> шаары" / "г. <name>".
_MAP = """
batken        | Баткен облусу     | Баткенская область
  batken      | Баткен            | Баткенский
  kadamjay    | Кадамжай          | Кадамжайский
  leilek      | Лейлек            | Лейлекский
  batken-t    | Баткен            | Баткен                  | town
  kyzylkiya   | Кызыл-Кыя         | Кызыл-Кия               | town
  sulukta     | Сүлүктү           | Сулюкта                 | town
chuy          | Чүй облусу        | Чуйская область
  alamudun    | Аламүдүн          | Аламудунский
  chuy        | Чүй               | Чуйский
  jayyl       | Жайыл             | Жайылский
  kemin       | Кемин             | Кеминский
  moskva      | Москва            | Московский
  panfilov    | Панфилов          | Панфиловский
  sokuluk     | Сокулук           | Сокулукский
  ysykata     | Ысык-Ата          | Ысык-Атинский
  tokmok      | Токмок            | Токмок                  | town
issykkul      | Ысык-Көл облусу   | Иссык-Кульская область
  aksuu       | Ак-Суу            | Ак-Суйский
  jetioguz    | Жети-Өгүз         | Джети-Огузский
  issykkul    | Ысык-Көл          | Иссык-Кульский
  ton         | Тоң               | Тонский
  tup         | Түп               | Тюпский
  karakol     | Каракол           | Каракол                 | town
  balykchy    | Балыкчы           | Балыкчы                 | town
jalalabad     | Жалал-Абад облусу | Джалал-Абадская область
  aksy        | Аксы              | Аксыйский
  alabuka     | Ала-Бука          | Ала-Букинский
  bazarkorgon | Базар-Коргон      | Базар-Коргонский
  chatkal     | Чаткал            | Чаткальский
  nooken      | Ноокен            | Ноокенский
  suzak       | Сузак             | Сузакский
  toguztoro   | Тогуз-Торо        | Тогуз-Тороуский
  toktogul    | Токтогул          | Токтогульский
  jalalabad-t | Жалал-Абад        | Джалал-Абад             | town
  karakol-j   | Кара-Көл          | Кара-Куль               | town
  mailuusuu   | Майлуу-Суу        | Майлуу-Суу              | town
  tashkomur   | Таш-Көмүр         | Таш-Кумыр               | town
naryn         | Нарын облусу      | Нарынская область
  aktalaa     | Ак-Талаа          | Ак-Талинский
  atbashy     | Ат-Башы           | Ат-Башинский
  jumgal      | Жумгал            | Джумгальский
  kochkor     | Кочкор            | Кочкорский
  naryn       | Нарын             | Нарынский
  naryn-t     | Нарын             | Нарын                   | town
osh-obl       | Ош облусу         | Ошская область
  alay        | Алай              | Алайский
  aravan      | Араван            | Араванский
  chongalay   | Чоң-Алай          | Чон-Алайский
  karakulja   | Кара-Кулжа        | Кара-Кульджинский
  karasuu     | Кара-Суу          | Карасуйский
  nookat      | Ноокат            | Ноокатский
  ozgon       | Өзгөн             | Узгенский
talas         | Талас облусу      | Таласская область
  bakayata    | Бакай-Ата         | Бакай-Атинский
  karabuura   | Кара-Буура        | Кара-Бууринский
  manas       | Манас             | Манасский
  talas       | Талас             | Таласский
  talas-t     | Талас             | Талас                   | town
bishkek       | Бишкек шаары      | г. Бишкек               | city
  b-lenin     | Ленин             | Ленинский
  b-oktyabr   | Октябрь           | Октябрьский
  b-pervomay  | Биринчи Май       | Первомайский
  b-sverdlov  | Свердлов          | Свердловский
osh           | Ош шаары          | г. Ош                   | city
"""


def _district(code: str, ky: str, ru: str, *flag: str) -> District:
    if flag == ("town",):
        return District(code, f"{ky} шаары", f"г. {ru}", town=True)
    return District(code, f"{ky} району", f"{ru} район")


def _region(code: str, ky: str, ru: str, *flag: str) -> Region:
    return Region(code, ky, ru, (), city=flag == ("city",))


def _read_map(table: str) -> tuple[Region, ...]:
    regions: list[Region] = []
    for line in table.strip().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if line.startswith(" "):  # a district of the region above
            last = regions[-1]
            regions[-1] = replace(last, districts=(*last.districts, _district(*cells)))
        else:
            regions.append(_region(*cells))
    return tuple(regions)


REGIONS: tuple[Region, ...] = _read_map(_MAP)

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
