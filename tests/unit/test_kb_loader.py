"""Loading knowledge directories: line-precise errors, cross-references, export round trip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.loader import (
    BUNDLED_DIR,
    KnowledgeFileError,
    dump_directory,
    load_directory,
)

DOC = """\
id: law-1
kind: law
number: 101
date: 2011-07-15
title:
  ky: Жергиликтүү өз алдынча башкаруу жөнүндө
  ru: О местном самоуправлении
passages:
  - id: a1
    article: 1
    text: Биринчи берене.
  - id: a1-ru
    lang: ru
    text: Первая статья.
"""

FAQ = """\
- id: q1
  category: legal_acts
  questions:
    ky: [Мыйзам качан кабыл алынган?]
    ru: [Когда принят закон?]
  answer:
    ky: 2011-жылы.
    ru: В 2011 году.
  refs:
    - {doc: law-1, passage: a1}
"""

GLOSSARY = """\
- ky: [токтом]
  ru: [постановление]
- ky: [мыйзам]
  ru: [закон]
"""


def make_dir(tmp_path: Path, *, doc: str = DOC, faq: str = FAQ, glossary: str = GLOSSARY) -> Path:
    root = tmp_path / "kb"
    (root / "documents").mkdir(parents=True)
    (root / "faq").mkdir()
    (root / "documents" / "law-1.yaml").write_text(doc, encoding="utf-8")
    (root / "faq" / "main.yaml").write_text(faq, encoding="utf-8")
    (root / "glossary.yaml").write_text(glossary, encoding="utf-8")
    return root


def error_of(root: Path) -> KnowledgeFileError:
    with pytest.raises(KnowledgeFileError) as info:
        load_directory(root)
    return info.value


def test_valid_directory_loads_and_numbers_become_text(tmp_path: Path) -> None:
    kb = load_directory(make_dir(tmp_path))
    doc = kb.documents[0]
    assert doc.number == "101" and doc.passages[0].article == "1"
    assert doc.date.isoformat() == "2011-07-15"
    assert kb.faq[0].refs[0].passage == "a1"
    assert len(kb.glossary) == 2


def test_wrong_field_value_reports_its_line(tmp_path: Path) -> None:
    root = make_dir(tmp_path, doc=DOC.replace("kind: law", "kind: statute"))
    err = error_of(root)
    assert err.line == 2
    assert str(err).startswith(f"{root / 'documents' / 'law-1.yaml'}:2: kind: ")
    assert "law" in err.reason  # pydantic lists the allowed kinds


def test_nested_error_reports_passage_line_and_path(tmp_path: Path) -> None:
    root = make_dir(tmp_path, doc=DOC.replace("    lang: ru\n", "    lang: kz\n"))
    err = error_of(root)
    assert err.field == "passages[1].lang"
    assert err.line == 13


def test_missing_field_reports_the_owning_mapping(tmp_path: Path) -> None:
    root = make_dir(tmp_path, doc=DOC.replace("    text: Биринчи берене.\n", ""))
    err = error_of(root)
    assert err.field == "passages[0].text"
    assert err.line == 9  # the "- id: a1" item that lacks it
    assert "required" in err.reason.lower()


def test_unknown_key_is_rejected_with_line(tmp_path: Path) -> None:
    root = make_dir(
        tmp_path, faq=FAQ.replace("  category: legal_acts\n", "  categry: legal_acts\n")
    )
    err = error_of(root)
    assert err.line == 2 and err.field == "[0].categry"


def test_yaml_syntax_error_reports_line(tmp_path: Path) -> None:
    broken = DOC.replace("  ru: О местном самоуправлении\n", "  ru: [О местном\n")
    err = error_of(make_dir(tmp_path, doc=broken))
    assert err.line is not None and 7 <= err.line <= 9
    assert "YAML error" in err.reason


def test_faq_without_any_question_is_rejected(tmp_path: Path) -> None:
    faq = FAQ.replace(
        "    ky: [Мыйзам качан кабыл алынган?]\n    ru: [Когда принят закон?]\n", "    ky: []\n"
    )
    err = error_of(make_dir(tmp_path, faq=faq))
    assert err.field == "[0].questions" and err.line == 4


def test_faq_reference_to_unknown_passage_is_rejected(tmp_path: Path) -> None:
    err = error_of(make_dir(tmp_path, faq=FAQ.replace("passage: a1}", "passage: a9}")))
    assert "no passage 'a9'" in err.reason
    assert err.line == 10


def test_faq_reference_to_unknown_document_is_rejected(tmp_path: Path) -> None:
    err = error_of(make_dir(tmp_path, faq=FAQ.replace("doc: law-1,", "doc: law-2,")))
    assert "unknown document id 'law-2'" in err.reason


def test_duplicate_document_id_across_files(tmp_path: Path) -> None:
    root = make_dir(tmp_path)
    (root / "documents" / "copy.yaml").write_text(DOC, encoding="utf-8")
    err = error_of(root)
    assert "duplicate document id 'law-1'" in err.reason
    assert err.line == 1


def test_glossary_group_needs_two_terms(tmp_path: Path) -> None:
    err = error_of(make_dir(tmp_path, glossary=GLOSSARY + "- ky: [жалгыз]\n"))
    assert err.line == 5 and "2+ terms" in err.reason


def test_invalid_utf8_reports_line(tmp_path: Path) -> None:
    root = make_dir(tmp_path)
    path = root / "documents" / "law-1.yaml"
    path.write_bytes(DOC.encode("utf-8").replace("Первая".encode(), b"\xff\xfe"))
    err = error_of(root)
    assert err.line == 14 and "UTF-8" in err.reason


def test_export_then_load_round_trips(tmp_path: Path) -> None:
    kb = load_directory(BUNDLED_DIR)
    out = tmp_path / "export"
    dump_directory(kb, out)
    again = load_directory(out)
    assert {d.id: d for d in again.documents} == {d.id: d for d in kb.documents}
    assert {f.id: f for f in again.faq} == {f.id: f for f in kb.faq}
    assert again.glossary == kb.glossary


def test_edited_copy_of_bundled_data_reports_file_and_line(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(BUNDLED_DIR, copy)
    path = copy / "documents" / "gd-513-2018.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("date:"))
    lines[index] = "date: 2018-31-10"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = error_of(copy)
    assert err.file == str(path) and err.line == index + 1 and err.field == "date"
