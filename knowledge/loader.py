"""Load the human-editable knowledge base (YAML) into validated :class:`KnowledgeBase` objects.

Directory layout (``knowledge/data/`` is the bundled one)::

    documents/<id>.yaml    one Document per file (a mapping), or a list of documents
    faq/<topic>.yaml       a list of FaqEntry
    glossary.yaml          a list of GlossaryEntry (glossary/*.yaml also accepted)

Every problem is reported as ``KnowledgeFileError("<file>:<line>: <field path>: <reason>")``.
Parsing is fast (libyaml when available); node line numbers are only computed (with
``yaml.compose``) when a file turns out to be malformed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.models import Document, FaqEntry, GlossaryEntry, KnowledgeBase

BUNDLED_DIR = Path(__file__).resolve().parent / "data"

M = TypeVar("M", bound=BaseModel)

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text: pydantic parses them (and reports bad ones)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_YAML_SUFFIXES = (".yaml", ".yml")
# Scalars that YAML may read as numbers although the model wants text ("513", "2.1").
_TEXT_KEYS = frozenset({"number", "article", "id", "passage", "doc"})


class KnowledgeFileError(ValueError):
    """A knowledge file is malformed; ``str(err)`` is ``<file>:<line>: <field path>: <reason>``."""

    def __init__(self, file: str | Path, line: int | None, field: str | None, reason: str) -> None:
        self.file = str(file)
        self.line = line
        self.field = field
        self.reason = reason
        where = f"{self.file}:{line}" if line else self.file
        message = f"{where}: {field}: {reason}" if field else f"{where}: {reason}"
        super().__init__(message)


# -- YAML parsing with line numbers ------------------------------------------------------------


def _yaml_error_line(err: yaml.YAMLError) -> int | None:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def parse_yaml_text(text: str, file: str | Path) -> Any:
    """Parse YAML (or JSON) text; a syntax error becomes a :class:`KnowledgeFileError`."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as err:
        reason = str(getattr(err, "problem", None) or err).strip()
        raise KnowledgeFileError(
            file, _yaml_error_line(err), None, f"YAML error: {reason}"
        ) from None


def read_text_file(path: Path) -> str:
    """Read UTF-8 text (a BOM is dropped); invalid bytes are reported with their line."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise KnowledgeFileError(path, line, None, "not valid UTF-8 text") from None
    return text.removeprefix("\ufeff")


def _node_for(root: yaml.Node | None, loc: Sequence[int | str]) -> tuple[yaml.Node | None, int]:
    """The deepest node along ``loc``; returns it and how many loc items were matched."""
    node = root
    matched = 0
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    found = value
                    break
            if found is None:
                break
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
        else:
            break
        matched += 1
    return node, matched


def line_of(text: str, loc: Sequence[int | str]) -> int | None:
    """1-based line of the YAML node at ``loc`` (or of its deepest existing ancestor)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    node, _ = _node_for(root, loc)
    return node.start_mark.line + 1 if node is not None else None


def format_loc(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top)"


# -- validation ------------------------------------------------------------------------------


def _coerce_text_scalars(value: Any) -> Any:
    """Turn numbers/dates YAML read under text keys back into strings (``number: 513``)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in _TEXT_KEYS and isinstance(item, int | float) and not isinstance(item, bool):
                item = str(item)
            out[key] = _coerce_text_scalars(item)
        return out
    if isinstance(value, list):
        return [_coerce_text_scalars(v) for v in value]
    return value


def _pydantic_loc(error: dict[str, Any]) -> tuple[int | str, ...]:
    # Drop the validator-name parts pydantic adds for unions/functions ("function-after[...]").
    return tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))


def _reason(error: dict[str, Any]) -> str:
    msg = str(error.get("msg", "invalid"))
    return msg.removeprefix("Value error, ")


def validate_items(
    model: type[M], items: Any, *, file: str | Path, text: str, base: tuple[int | str, ...] = ()
) -> list[M]:
    """Validate a list of ``model`` objects; errors carry the file, line and field path."""
    if not isinstance(items, list):
        raise KnowledgeFileError(
            file, line_of(text, base) or 1, format_loc(base) if base else None, "expected a list"
        )
    out: list[M] = []
    for index, item in enumerate(items):
        out.append(validate_one(model, item, file=file, text=text, base=(*base, index)))
    return out


def validate_one(
    model: type[M], item: Any, *, file: str | Path, text: str, base: tuple[int | str, ...] = ()
) -> M:
    if not isinstance(item, dict):
        raise KnowledgeFileError(
            file,
            line_of(text, base) or 1,
            format_loc(base) if base else None,
            f"expected a mapping of {model.__name__} fields",
        )
    try:
        return model.model_validate(_coerce_text_scalars(item))
    except ValidationError as err:
        first = err.errors()[0]
        loc = (*base, *_pydantic_loc(first))  # type: ignore[arg-type]
        raise KnowledgeFileError(
            file, line_of(text, loc), format_loc(loc), _reason(first)
        ) from None


# -- files ------------------------------------------------------------------------------------


def _yaml_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.suffix in _YAML_SUFFIXES and p.is_file())


def load_documents_file(path: Path, *, display: str | Path | None = None) -> list[Document]:
    text = read_text_file(path)
    file = display or path
    data = parse_yaml_text(text, file)
    if isinstance(data, list):
        return validate_items(Document, data, file=file, text=text)
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        return validate_items(
            Document, data["documents"], file=file, text=text, base=("documents",)
        )
    return [validate_one(Document, data, file=file, text=text)]


def load_faq_file(path: Path, *, display: str | Path | None = None) -> list[FaqEntry]:
    text = read_text_file(path)
    file = display or path
    data = parse_yaml_text(text, file)
    if isinstance(data, dict) and "faq" in data:
        return validate_items(FaqEntry, data["faq"], file=file, text=text, base=("faq",))
    if isinstance(data, dict) and "questions" in data:
        return [validate_one(FaqEntry, data, file=file, text=text)]
    return validate_items(FaqEntry, data, file=file, text=text)


def load_glossary_file(path: Path, *, display: str | Path | None = None) -> list[GlossaryEntry]:
    text = read_text_file(path)
    file = display or path
    data = parse_yaml_text(text, file)
    if isinstance(data, dict) and "glossary" in data:
        data, base = data["glossary"], ("glossary",)
    else:
        base = ()
    entries = validate_items(GlossaryEntry, data, file=file, text=text, base=base)
    for index, entry in enumerate(entries):
        terms = [t for t in (*entry.ky, *entry.ru, *entry.abbr) if t.strip()]
        if len(terms) < 2:
            loc = (*base, index)
            raise KnowledgeFileError(
                file, line_of(text, loc), format_loc(loc), "a glossary group needs 2+ terms"
            )
    return entries


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent if root.is_file() else root))
    except ValueError:
        return str(path)


def load_directory(path: Path = BUNDLED_DIR, *, check_refs: bool = True) -> KnowledgeBase:
    """Load and validate a knowledge directory; raises :class:`KnowledgeFileError`."""
    path = Path(path)
    if not path.is_dir():
        raise KnowledgeFileError(path, None, None, "no such knowledge directory")
    documents: list[Document] = []
    faq: list[FaqEntry] = []
    glossary: list[GlossaryEntry] = []
    seen: dict[str, Path] = {}  # document id -> its file, for duplicate and reference reports
    for file in _yaml_files(path / "documents"):
        for doc in load_documents_file(file, display=file):
            _first_definition(seen, file, doc.id, "document")
            documents.append(doc)

    faq_seen: dict[str, Path] = {}
    for file in _yaml_files(path / "faq"):
        for entry in load_faq_file(file):
            _first_definition(faq_seen, file, entry.id, "FAQ")
            faq.append(entry)

    glossary_files = [p for p in (path / "glossary.yaml", path / "glossary.yml") if p.is_file()]
    glossary_files += _yaml_files(path / "glossary")
    for file in glossary_files:
        glossary.extend(load_glossary_file(file))

    kb = KnowledgeBase(documents=documents, faq=faq, glossary=glossary)
    if check_refs:
        check_references(kb, faq_files=faq_seen, doc_files=seen)
    return kb


def _first_definition(seen: dict[str, Path], file: Path, ident: str, what: str) -> None:
    """Note that ``file`` defines ``ident``; a second definition is an error naming the first."""
    if ident in seen:
        message = f"duplicate {what} id {ident!r} (also in {seen[ident]})"
        raise KnowledgeFileError(file, _id_line(file, ident), "id", message)
    seen[ident] = file


def _id_line(file: Path, ident: str) -> int | None:
    """Line of ``id: <ident>`` in a file (for duplicate and reference errors)."""
    try:
        lines = read_text_file(file).splitlines()
    except (OSError, KnowledgeFileError):
        return None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip().removeprefix("- ").strip()
        if stripped.startswith("id:") and stripped[3:].strip().strip("'\"") == ident:
            return number
    return None


def _line_after(file: Path, start: int | None, needle: str) -> int | None:
    if start is None:
        return None
    try:
        lines = read_text_file(file).splitlines()
    except (OSError, KnowledgeFileError):
        return start
    for number in range(start, len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    return start


def check_references(
    kb: KnowledgeBase,
    *,
    faq_files: dict[str, Path] | None = None,
    doc_files: dict[str, Path] | None = None,
) -> None:
    """FAQ refs and ``related`` links must name existing documents (and passages/articles)."""
    docs = {d.id: d for d in kb.documents}
    for doc in kb.documents:
        for index, target in enumerate(doc.related):
            if target not in docs:
                file = doc_files.get(doc.id) if doc_files else None
                line = _line_after(file, 1, target) if file else None
                raise KnowledgeFileError(
                    file or f"document {doc.id}",
                    line,
                    f"related[{index}]",
                    f"unknown document id {target!r}",
                )
    for entry in kb.faq:
        for index, ref in enumerate(entry.refs):
            problem = None
            target = docs.get(ref.doc)
            if target is None:
                problem, needle = f"unknown document id {ref.doc!r}", ref.doc
            elif ref.passage and ref.passage not in {p.id for p in target.passages}:
                problem, needle = (
                    f"document {ref.doc!r} has no passage {ref.passage!r}",
                    ref.passage,
                )
            elif ref.article and ref.article not in {p.article for p in target.passages}:
                problem, needle = (
                    f"document {ref.doc!r} has no article {ref.article!r}",
                    ref.article,
                )
            if problem:
                file = faq_files.get(entry.id) if faq_files else None
                line = _line_after(file, _id_line(file, entry.id), needle) if file else None
                raise KnowledgeFileError(
                    file or f"faq {entry.id}", line, f"{entry.id}.refs[{index}]", problem
                )


# -- helpers for other modules ------------------------------------------------------------------


def iter_data_files(path: Path = BUNDLED_DIR) -> Iterator[Path]:
    yield from _yaml_files(Path(path))


def directory_fingerprint(path: Path = BUNDLED_DIR) -> str:
    """A hash of every YAML file under ``path`` (names and bytes): changes when data changes."""
    digest = hashlib.sha256()
    root = Path(path)
    for file in _yaml_files(root):
        digest.update(str(file.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def kb_summary(kb: KnowledgeBase) -> dict[str, Any]:
    passages = [p for d in kb.documents for p in d.passages]
    return {
        "documents": len(kb.documents),
        "passages": len(passages),
        "passages_ky": sum(p.lang == "ky" for p in passages),
        "passages_ru": sum(p.lang == "ru" for p in passages),
        "faq": len(kb.faq),
        "faq_questions_ky": sum(len(f.questions.get("ky", [])) for f in kb.faq),
        "faq_questions_ru": sum(len(f.questions.get("ru", [])) for f in kb.faq),
        "glossary": len(kb.glossary),
    }


# -- dumping to the editable format ---------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Readable YAML: block scalars for long text, flow lists for short scalar lists."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    tag = "tag:yaml.org,2002:str"
    if "\n" in value:
        return dumper.represent_scalar(tag, value, style="|")
    if len(value) > 80 and "  " not in value and value == value.strip():
        return dumper.represent_scalar(tag, value, style=">")  # wrapped, folds back exactly
    return dumper.represent_scalar(tag, value)


_Dumper.add_representer(str, _represent_str)


def _clean(value: Any) -> Any:
    """Drop None values and empty lists/dicts so files stay short."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            item = _clean(item)
            if item is None or item == [] or item == {}:
                continue
            out[key] = item
        return out
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=None,
    )


def document_to_data(doc: Document) -> dict[str, Any]:
    data = doc.model_dump(mode="json")
    if data.get("status") == "unknown":
        data.pop("status")
    return _clean(data)


def faq_to_data(entry: FaqEntry) -> dict[str, Any]:
    data = entry.model_dump(mode="json")
    if data.get("category") == "other":
        data.pop("category")
    if data.get("status") == "approved":
        data.pop("status")
    return _clean(data)


def glossary_to_data(entry: GlossaryEntry) -> dict[str, Any]:
    return _clean(entry.model_dump(mode="json"))


def dump_document(doc: Document) -> str:
    return dump_yaml(document_to_data(doc))


def safe_filename(name: str, *, default: str = "other", max_len: int = 100) -> str:
    """A file name made from data (a FAQ category, an id) that stays inside its folder: no
    separators, no dots in front ("../../../X" → "X"), no control characters, not too long."""
    cleaned = re.sub(r"[^\w.-]+", "_", name, flags=re.UNICODE).strip("._-")[:max_len]
    return cleaned or default


def _inside(folder: Path, name: str, suffix: str) -> Path:
    target = folder / f"{safe_filename(name)}{suffix}"
    if target.resolve().parent != folder.resolve():  # pragma: no cover - safe_filename holds
        raise ValueError(f"refusing to write {target} outside {folder}")
    return target


def dump_directory(kb: KnowledgeBase, path: Path) -> dict[str, int]:
    """Write ``kb`` in the layout :func:`load_directory` reads; returns file counts.

    File names come from data (document ids, FAQ categories): each is made safe and checked to
    stay inside ``path`` (a category "../../../X" is written as faq/X.yaml); the entries keep
    their own category."""
    path = Path(path)
    (path / "documents").mkdir(parents=True, exist_ok=True)
    (path / "faq").mkdir(parents=True, exist_ok=True)
    doc_ids = {d.id for d in kb.documents}
    for doc in kb.documents:
        related = [r for r in doc.related if r in doc_ids]
        doc = doc.model_copy(update={"related": related})
        _inside(path / "documents", doc.id, ".yaml").write_text(
            dump_document(doc), encoding="utf-8"
        )
    by_category: dict[str, list[dict[str, Any]]] = {}
    for entry in kb.faq:
        refs = [r for r in entry.refs if r.doc in doc_ids]
        entry = entry.model_copy(update={"refs": refs})
        stem = safe_filename(entry.category or "other")
        by_category.setdefault(stem, []).append(faq_to_data(entry))
    for stem, entries in by_category.items():
        _inside(path / "faq", stem, ".yaml").write_text(dump_yaml(entries), encoding="utf-8")
    (path / "glossary.yaml").write_text(
        dump_yaml([glossary_to_data(g) for g in kb.glossary]), encoding="utf-8"
    )
    return {"documents": len(kb.documents), "faq_files": len(by_category), "glossary": 1}
