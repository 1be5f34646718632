"""The open-data table types: a table is a name, titles and Table Schema fields with its rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SUPPRESSED = (
    "人数少于 5 时显示“少于 5”，不公开具体数字；为免用合计相减推算出这些人数，"
    "个别其他人数也显示“不公开”"
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date
    title: str
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: tuple[dict[str, Any], ...]


def F(name: str, title: str, type: str = "string", description: str = "") -> Field:  # noqa: N802
    return Field(name, type, title, description or title)


def join(values: Iterable[str]) -> str:
    """Several values in one cell, separated by semicolons (empty values left out)."""
    return ";".join(v for v in values if v)
