"""Rows of a query as frozen dataclasses: one mapping instead of a ``from_row`` per class.

Each field is read from the column of the same name (``None`` where the query has no such
column); a field annotated as a datetime is parsed from the database's text
(:func:`db.database.from_db_time`); ``convert`` names what else a field is passed through
(an enum, ``bool``, JSON).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

from db.database import from_db_time

T = TypeVar("T")


@functools.cache
def _columns(cls: type) -> tuple[tuple[str, bool], ...]:
    """(field name, is a datetime) of each field of the dataclass ``cls``."""
    return tuple((f.name, "datetime" in str(f.type)) for f in dataclasses.fields(cls))


def row_values(
    cls: type, row: Any, convert: dict[str, Callable[[Any], Any]] | None = None
) -> dict[str, Any]:
    """The keyword arguments that build ``cls`` from ``row`` (see the module's note)."""
    keys = row.keys()
    values: dict[str, Any] = {}
    for name, is_time in _columns(cls):
        value = row[name] if name in keys else None
        if convert is not None and name in convert:
            value = convert[name](value)
        elif is_time and isinstance(value, str):
            value = from_db_time(value)
        values[name] = value
    return values


def row_to(cls: type[T], row: Any, **convert: Callable[[Any], Any]) -> T:
    """``cls`` built from ``row``: each field from its column, through ``convert[field]``."""
    return cls(**row_values(cls, row, convert))


def json_or(empty: Callable[[], Any]) -> Callable[[str | None], Any]:
    """A converter: the column's JSON, or ``empty()`` (``dict``, ``list``) where it is empty."""

    def parse(value: str | None) -> Any:
        return json.loads(value) if value else empty()

    return parse
