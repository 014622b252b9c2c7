"""Pydantic models of the knowledge base: documents split into passages, FAQ entries, glossary.

These are the shapes of the human-editable YAML files in ``knowledge/data/`` and of what the
search engine indexes.  They carry no Telegram or database types.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LANGS = ("ky", "ru")


class DocKind(StrEnum):
    constitution = "constitution"  # Конституция
    code = "code"  # Кодекс
    law = "law"  # Мыйзам / Закон
    government_decree = "government_decree"  # Өкмөттүн токтому / Постановление Правительства
    presidential_decree = "presidential_decree"  # Жарлык / Указ Президента
    parliament_decree = "parliament_decree"  # Жогорку Кеңештин токтому / Постановление ЖК
    order = "order"  # Буйрук / Приказ
    program = "program"  # Программа
    concept = "concept"  # Концепция
    regulation = "regulation"  # Жобо, тартип, регламент / Положение, порядок, регламент
    draft = "draft"  # Мыйзам долбоору / Проект закона (any draft act)
    letter = "letter"  # Кат / Письмо
    organization = "organization"  # an agency, coalition, project (what the seeds tell of it)
    news = "news"  # a news article / journal item (the seeds themselves)
    other = "other"


class DocStatus(StrEnum):
    in_force = "in_force"
    amended = "amended"
    repealed = "repealed"
    unknown = "unknown"


class Bilingual(BaseModel):
    """A text in Kyrgyz and Russian; at least one must be present."""

    model_config = ConfigDict(extra="forbid")
    ky: str | None = None
    ru: str | None = None

    @model_validator(mode="after")
    def _one_present(self) -> Bilingual:
        if not (self.ky or self.ru):
            raise ValueError("needs a Kyrgyz (ky) or Russian (ru) text")
        return self

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to the other language."""
        value = getattr(self, lang, None) if lang in LANGS else None
        return value or self.ky or self.ru or ""


class Passage(BaseModel):
    """A searchable piece of a document: an article, point or paragraph."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")  # unique inside the document
    lang: str = Field(default="ky", pattern=r"^(ky|ru)$")
    article: str | None = None  # article / point number as written: "13", "2.1"
    heading: str | None = None  # article or section heading
    text: str = Field(min_length=1)
    source: str | None = None  # where this paragraph comes from (seed article, page) or the
    # chapter/section path of an imported act ("Глава 2. …")
    repealed: bool = False  # the article is marked "Утратила силу" / "Күчүн жоготту"

    @field_validator("text")
    @classmethod
    def _strip(cls, value: str) -> str:
        # encode/decode makes a fresh str: pydantic's validated input keeps a cached UTF-8
        # copy inside non-ASCII strings (~2x memory per passage at 100k passages).
        value = value.strip().encode().decode()
        if not value:
            raise ValueError("text is empty")
        return value


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    kind: DocKind
    number: str | None = None  # "513", "2377-VI", "17"
    date: dt.date | None = None
    issuer: Bilingual | None = None
    title: Bilingual
    summary: Bilingual | None = None
    status: DocStatus = DocStatus.unknown
    source_url: str | None = None
    source: str | None = None  # human citation of where the KB knows this from
    keywords: list[str] = Field(default_factory=list)  # extra search terms, either language
    # short names/abbreviations given by the operator: "ЗК", "Жер кодекси"
    aliases: list[str] = Field(default_factory=list)
    amendments: list[str] = Field(default_factory=list)  # editorial notes "(В редакции … )"
    related: list[str] = Field(default_factory=list)  # ids of related documents
    passages: list[Passage] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_passages(self) -> Document:
        seen: set[str] = set()
        for passage in self.passages:
            if passage.id in seen:
                raise ValueError(f"duplicate passage id {passage.id!r}")
            seen.add(passage.id)
        return self


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid")
    doc: str  # document id
    article: str | None = None
    passage: str | None = None


class FaqEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    category: str = "other"  # budget, land, property, staff, kenesh, legal_acts, other
    questions: dict[str, list[str]]  # {"ky": [...], "ru": [...]}
    answer: Bilingual
    refs: list[Reference] = Field(default_factory=list)
    status: str = Field(default="approved", pattern=r"^(approved|draft)$")

    @field_validator("questions")
    @classmethod
    def _check_questions(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - set(LANGS)
        if unknown:
            raise ValueError(f"unknown language(s) {sorted(unknown)}; use ky and ru")
        if not any(q.strip() for qs in value.values() for q in qs):
            raise ValueError("needs at least one question phrasing")
        return value


class GlossaryEntry(BaseModel):
    """A group of interchangeable terms (synonyms, abbreviations, translations)."""

    model_config = ConfigDict(extra="forbid")
    ky: list[str] = Field(default_factory=list)
    ru: list[str] = Field(default_factory=list)
    abbr: list[str] = Field(default_factory=list)  # abbreviations: ЖӨБ, МСУ, АӨ


class KnowledgeBase(BaseModel):
    """Everything the search engine indexes."""

    documents: list[Document] = Field(default_factory=list)
    faq: list[FaqEntry] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
