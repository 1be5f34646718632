"""What checks find in one file's records alone, computed where the file is read.

The schema, privacy and references checks keep per-file results in the file's cache entry
(records/cache.py), by (type, id), and read them back instead of computing them again. On a
cold run every result is new: ``facts`` computes them next to the parse (records/load.py): a
YAML file's in load's worker processes, so that both cores work and the entry is pickled once,
in the worker; a table's in load itself, right after reading it, then pickled there.
The checks still run over every record: they find these results where they would have kept
them, and compute any that is missing, so the problems are the same with or without them
(tests/checks/test_perfile.py).
"""

from __future__ import annotations

from typing import Any

from ..model import registry
from ..records.dataset import Record
from ..records.schemas import SchemaSet
from . import privacy, references, schema


def facts(
    records: list[Record], schemas: SchemaSet, table: bytes | None = None
) -> dict[str, dict[tuple[str, str], Any]]:
    """Each check's results for ``records`` (one file's), as the checks keep them: by check
    name, then by (type, id). Of two records with one key the first is kept, as the Dataset
    keeps the first (load reports the other as a duplicate). ``table``: the bytes of the table
    whose rows these are (a table without a long number spares its rows' scans)."""
    reg = registry.of(schemas.directory)
    found: dict[str, dict[tuple[str, str], Any]] = {
        "schema": {},
        "privacy_numbers": {},
        "references": {},
    }
    by_schema, numbers, named = found["schema"], found["privacy_numbers"], found["references"]
    phone_fields = schemas.phone_fields()
    flat: dict[str, bool] = {}  # type → its table rows are checked without per-file facts
    scan = table is None or privacy.table_may_hold_number(table)
    # Only the records that hold a number are listed, and the file marked as looked at whole:
    # a city's 317,000 empty results were 317,000 keys to unpickle on every run.
    numbers[privacy.ALL_LOOKED_AT] = ()
    seen: set[tuple[str, str]] = set()
    for rec in records:
        key = (rec.type, rec.id)
        if key in seen:
            continue  # a duplicate of an earlier record of this file
        seen.add(key)
        held = privacy.record_numbers(rec, phone_fields) if scan else ()
        if held:
            numbers[key] = held
        if rec.type in schemas.schemas:
            by_schema[key] = tuple(schema.record_problems(schemas, rec))
        if rec.source is None:
            is_flat = flat.get(rec.type)
            if is_flat is None:
                is_flat = flat[rec.type] = references.flat_plan(rec.type, reg) is not None
            if is_flat:
                continue
        named[key] = references.record_facts(rec, reg)
    return {name: memo for name, memo in found.items() if memo}
