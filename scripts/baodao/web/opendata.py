"""Open data: every public table as CSV and JSON, a Frictionless data package and a data.json catalogue.

Made from the public view only, the same objects the pages render: a value the site does not show
is not in a table (no person ids, no names without consent, no internal notes), and a count of
people under 5 stays "少于 5" (those columns are text). Every file is stamped with the source
commit and the build date (SOURCE_DATE_EPOCH), rows are in the view's (sorted, file) order, and
nothing reads the clock, so two builds of one commit give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import pickle
from collections.abc import Callable
from functools import partial
from typing import Any

from ..records.cache import code_version
from ..records.cellsafe import safe_cell
from . import openplaces, openwork
from .incremental import Staging
from .opendatatypes import Field, Table
from .publicview import PublicView

__all__ = ["FOLDER", "TABLES", "Field", "Table", "tables", "write_open_data"]

FOLDER = "d"  # docs folder of the download page and the files: public/d/

# The tables in publishing order (the order of datapackage.json and data.json).
TABLES: tuple[Callable[[PublicView], Table], ...] = (
    openplaces.streets,
    openplaces.communities,
    openplaces.compounds,
    openplaces.buildings,
    openplaces.grids,
    openplaces.branches,
    openplaces.posts,
    openplaces.stations,
    openplaces.units,
    openwork.list_items,
    openwork.report_in,
    openwork.unit_results,
    openwork.member_participation,
    openwork.notices,
    openwork.notice_amendments,
)


def tables(view: PublicView) -> list[Table]:
    """The public tables, each from the public view."""
    return [make(view) for make in TABLES]


def _csv(table: Table) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([f.name for f in table.fields])
    numeric = [f.type in ("integer", "number") for f in table.fields]
    for row in table.rows:
        # Open data is opened in spreadsheets: formula-leading text is neutralised (cellsafe).
        w.writerow(
            [
                ""
                if (v := row.get(f.name)) is None
                else ("true" if v is True else "false" if v is False else safe_cell(v, num))
                for f, num in zip(table.fields, numeric, strict=True)
            ]
        )
    return buf.getvalue()


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _rows_json(head: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """A table's JSON: ``head`` and its rows under "rows", a row to a line (a change shows as
    that row's line in a diff). Each line comes from json's C encoder, which ``indent`` turns
    off: the city's tables took 0.26 s indented, ~0.05 s so."""
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    body = "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ' + body + "}\n"


def _table_json(t: Table, stamp: dict[str, Any]) -> str:
    rows = [{f.name: row.get(f.name) for f in t.fields} for row in t.rows]
    return _rows_json({"source": stamp, "table": t.name}, rows)


def _key(t: Table, stamp: dict[str, Any]) -> str | None:
    """A digest of all a table's files are made of (its pickle: C code, ~20 times faster than
    writing the CSV); None when a value cannot be pickled (the files are then made)."""
    try:
        data = pickle.dumps((code_version(), stamp, t), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def write_open_data(
    view: PublicView, out: Staging, commit: str | None, epoch: int | None
) -> list[Table]:
    """Write d/<table>.csv, d/<table>.json, d/datapackage.json and d/data.json."""
    built = (
        dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if epoch is not None
        else None
    )
    stamp = {"commit": commit, "built": built, "as_of": view.as_of}
    ts = tables(view)
    resources = []
    for t in ts:
        # Written out only when the table or the stamp changed (Staging.write_made).
        key = _key(t, stamp)
        out.write_made(f"{FOLDER}/{t.name}.csv", key, partial(_csv, t))
        out.write_made(f"{FOLDER}/{t.name}.json", key, partial(_table_json, t, stamp))
        resources.append(
            {
                "name": t.name.replace("_", "-"),
                "title": t.title,
                "description": t.description,
                "path": f"{t.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {
                            "name": f.name,
                            "type": f.type,
                            "title": f.title,
                            "description": f.description,
                        }
                        for f in t.fields
                    ]
                },
            }
        )
    version = f"{view.as_of}+{commit[:12]}" if commit else view.as_of
    package = {
        "name": "baodao-public",
        "title": f"{view.site_title}：开放数据",
        "description": "由公开数据仓库生成，与网站显示的内容相同：没有个人编号、未经同意的姓名和内部备注；"
        "少于 5 人的数字显示为“少于 5”。",
        "version": version,
        **({"created": built} if built else {}),
        "x-source-commit": commit,
        "x-as-of": view.as_of,
        "resources": resources,
    }
    out.write(f"{FOLDER}/datapackage.json", _json(package))
    modified = view.as_of
    catalogue = {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "x-source-commit": commit,
        "dataset": [
            {
                "@type": "dcat:Dataset",
                "identifier": f"{package['name']}/{t.name}",
                "title": t.title,
                "description": t.description,
                "modified": modified,
                "accessLevel": "public",
                "language": ["zh-CN"],
                "publisher": {
                    "@type": "org:Organization",
                    "name": view.org_department or view.district_name,
                },
                "keyword": [view.district_name, t.title],
                "version": version,
                "distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "downloadURL": f"{t.name}.csv",
                        "mediaType": "text/csv",
                        "format": "CSV",
                        "describedBy": "datapackage.json",
                    },
                    {
                        "@type": "dcat:Distribution",
                        "downloadURL": f"{t.name}.json",
                        "mediaType": "application/json",
                        "format": "JSON",
                    },
                ],
            }
            for t in ts
        ],
    }
    out.write(f"{FOLDER}/data.json", _json(catalogue))
    return ts
