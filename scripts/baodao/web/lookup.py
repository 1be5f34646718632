"""有事找支部 lookup: the search index and the per-compound answers, written at build time.

The browser searches ``x/lookup.json`` (every compound: names, aliases, old names, road addresses,
their pinyin, building numbers) with ``site/assets/baodao/lookup.js`` and, for the compound it
shows, fetches ``x/d/<id>.json`` (who serves each building). Everything comes from the public
view, so the files hold only what the compound pages already show; the privacy scan reads them
too. The ranking lives in the JavaScript only (one implementation), and the recall list in
``tests/web/browser/recall.yaml`` is typed into the real page.

Size: the index is one small file (about 30 KB gzip for 1,100 compounds) because initials and
joined pinyin are derived in the browser from the syllables; the answers are split per compound
and fetched only for the compound a person picks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from .incremental import Staging
from .pinyin import Readings
from .publicview import Compound, PublicView
from .render import compound_page
from .viewtypes import Post, Station

INDEX = "x/lookup.json"
ANSWERS = "x/d"


def _js_pattern(pattern: str) -> str:
    """A building-number form as a JavaScript regex: named groups are written (?<n>…) there."""
    return pattern.replace("(?P<", "(?<")


def _address_texts(x: Compound) -> list[str]:
    return [a for a in x.addresses if a]


def index_data(view: PublicView, readings: Readings | None = None) -> dict:
    """The search index: one row per compound, communities and streets listed once.

    ``places[i]`` is "社区 · 街道" as a result shows it; ``cs[i]`` the same community as a thing to
    find (a community's name lists its compounds) with its phone, which the "not found" message
    gives; ``st`` the streets (a street's name lists its communities); ``contact`` the district's
    office for a resident whose place is not found at all.
    """
    readings = readings or Readings()
    communities: list[str] = []
    where: dict[tuple[str, str], int] = {}
    cs: list[list] = []
    by_id = {c.id: c for c in view.communities}
    streets: dict[str, int] = {}
    rows = []
    for x in sorted(view.compounds, key=lambda c: c.id):
        key = (x.community.name, x.street.name)
        if key not in where:
            where[key] = len(communities)
            communities.append(f"{x.community.name} · {x.street.name}")
            streets.setdefault(x.street.id, len(streets))
            c = by_id.get(x.community.id)
            phone = c.stations[0].phone if c and c.stations else None
            cs.append(
                [
                    x.community.id,
                    x.community.name,
                    streets[x.street.id],
                    phone,
                ]
            )
        names = [x.name, *x.aliases]
        addresses = _address_texts(x)
        # Lists, never joined with a separator: a record's text may contain any character.
        rows.append(
            [
                x.id,
                where[key],
                names,
                list(x.old_names),
                addresses,
                [],  # the readings, below
                [b.number for b in x.buildings],
            ]
        )
    street_by_id = {s.id: s for s in view.streets}
    st = []
    for sid in streets:  # in order of first appearance, as cs refers to them
        s = street_by_id.get(sid)
        name = s.name if s else sid
        st.append([sid, name, s.phone if s else None])
    # Pinyin of every name, old name and address (typed in pinyin too: minzhulu), read at
    # once: those no earlier build read by the helper that imported pypinyin meanwhile.
    said = [[*row[2], *row[3], *row[4]] for row in rows]
    readings.learn([t for texts in said for t in texts] + [c[1] for c in cs] + [s[1] for s in st])
    for row, texts in zip(rows, said, strict=True):
        row[5] = [readings.of(t) for t in texts]
    for place in (*cs, *st):
        place.append(readings.of(place[1]))
    return {
        "v": 2,
        "as_of": view.as_of,
        "forms": [_js_pattern(p) for p in view.building_forms],
        "places": communities,
        "cs": cs,
        "st": st,
        "contact": [view.org_department, view.org_department_phone],
        "x": rows,
    }


def _post(p: Post) -> list:
    return [p.role, p.name, p.phone, 1 if p.vacant else 0, p.phone_of]


def _station(s: Station | None) -> list | None:
    if s is None:
        return None
    return [s.id, s.name, s.address, s.phone, "；".join(s.hours)]


def answer_data(x: Compound) -> dict:
    """Who serves each building of a compound: the lookup's building result."""
    page = compound_page(x)
    lines = []
    number_line: list[list] = []
    # The building's id too: a board's QR code opens x/?x=<compound>&b=<building id>.
    ids = {b.number: b.id for b in x.buildings}
    for i, ln in enumerate(page.lines):
        s = ln.service
        for n in ln.numbers:
            number_line.append([n, i, ids[n]])
        if s is None:
            lines.append(None)
            continue
        lines.append(
            {
                "branch": [s.branch.id, s.branch.name, s.branch_kind],
                "secretary": _post(s.secretary) if s.secretary else None,
                "group": [s.group.id, s.group.name] if s.group else None,
                "leaders": [_post(p) for p in s.group_leaders],
                "building_posts": [_post(p) for p in s.building_posts],
                "households": list(s.central_households),
                "grid": [s.grid.id, s.grid.name],
                "workers": [_post(p) for p in s.grid_posts],
                "station": _station(s.station),
            }
        )
    return {
        "id": x.id,
        "name": x.name,
        "place": f"{x.community.name} · {x.street.name}",
        "as_of": None,
        "buildings": number_line,
        "lines": lines,
    }


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def lookup_files(view: PublicView, readings: Readings | None = None) -> Iterator[tuple[str, str]]:
    """(docs path, text) of the index and of every compound's answers."""
    yield INDEX, _dump(index_data(view, readings))
    for x in view.compounds:
        data = answer_data(x)
        data["as_of"] = view.as_of
        yield f"{ANSWERS}/{x.id}.json", _dump(data)


def write_lookup(view: PublicView, out: Staging, readings: Readings | None = None) -> int:
    n = 0
    for path, text in lookup_files(view, readings):
        out.write(path, text)
        n += 1
    return n
