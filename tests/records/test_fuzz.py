"""Fuzzing the loader and validate: 500 generated YAML and CSV files, no traceback, none slow.

The generator is this file's own (random structures dumped by PyYAML, token soup, deep
nesting, Unicode, numbers of every kind, CSV cells with formulas, quotes and NaN); the only
property asserted is the README's promise: every file gives a result or a problem, quickly,
with a short message. Kept to about half a minute because it runs in ``make test``.
"""

from __future__ import annotations

import csv
import io
import shutil
import time

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from baodao.problems import MAX_MESSAGE, render_text
from baodao.records import csvio, yamlio
from baodao.repo import CODE_ROOT, Repo
from conftest import AS_OF, FIXTURES, TEMPLATE
from tinyprivate import write_tiny_private

SLOW = 5.0  # seconds of CPU one file (or one validate run) may take
# CPU time, not the wall clock: on a shared machine the wall clock measures the neighbours,
# while a hang or a runaway expansion burns CPU all the same.
_clock = time.process_time

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["2026-02-30", "13800001111", "110101199003077777", "=1+1", "-3", "0999"])
)
_STRUCTURES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=8) | st.sampled_from(["id", "name", "parent"]), inner, max_size=4
        )
    ),
    max_leaves=25,
)
_YAML_TOKENS = [
    "- ",
    ": ",
    "id: fz",
    "name: 名",
    "&a ",
    "*a ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "  ",
    "'",
    '"',
    "? ",
    "!!binary ",
    "!!set ",
    "!!python/object/apply:os.system ",
    "!foo ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "\t",
    "\x00",
    "\ufeff",
    ".nan",
    "-.inf",
    "1.0e+999",
    "9" * 45,
    "0x1F",
    "0o17",
    "2026-13-45",
    "<<: ",
    "长",
    "🀄",
    "\u202e",
    "|\n  ",
    ">-\n  ",
    "yes",
    "~",
    "\r\n",
    "\\u0000",
    "#",
]


def _dump(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


_YAML = st.one_of(
    _STRUCTURES.map(_dump),
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "name",
                "community",
                "kind",
                "number",
                "parent",
                "note",
                "buildings",
                "verified_at",
                "posts",
            ]
        ),
        _STRUCTURES,
        max_size=6,
    ).map(_dump),
    st.lists(st.sampled_from(_YAML_TOKENS) | st.text(max_size=5), max_size=40).map("".join),
    st.integers(min_value=1, max_value=1200).map(lambda n: "note: " + "[" * n + "]" * n),
    st.integers(min_value=1, max_value=60).map(
        lambda n: "".join(f"{'  ' * i}k:\n" for i in range(n))
    ),
    st.text(max_size=200),
)
_CELLS = (
    st.text(max_size=12)
    | st.sampled_from(
        [
            "NaN",
            "inf",
            "-Infinity",
            "1e999",
            "4.2E+11",
            '=HYPERLINK("x")',
            "@A1",
            "+1",
            "-",
            '"',
            '""',
            "\r",
            "p-0001",
            "2026-03-05",
            "9" * 40,
            "x" * 6000,
            "true",
            "是",
            "volunteer",
            "0",
        ]
    )
    | st.integers().map(str)
    | st.floats().map(str)
)
_ACTIVITY = ["person", "date", "activity", "service_type", "hours", "verified_by", "note"]


@st.composite
def _csv_text(draw: st.DrawFn) -> str:
    header = draw(
        st.lists(
            st.sampled_from([*_ACTIVITY, "id", "name", "姓名", ""]) | st.text(max_size=6),
            min_size=0,
            max_size=8,
        )
    )
    if draw(st.booleans()):
        header = list(_ACTIVITY)
    rows = draw(st.lists(st.lists(_CELLS, max_size=len(header) + 2), max_size=6))
    if draw(st.booleans()):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        return buf.getvalue()
    return "\n".join(",".join(r) for r in [header, *rows])  # no quoting: broken rows on purpose


def _encode(text: str, how: str) -> bytes:
    if how == "gbk":
        return text.encode("gb18030", errors="replace")
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", errors="surrogatepass")
    return text.encode("utf-8", errors="surrogatepass")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_YAML)
def test_loader_yaml(text):
    start = _clock()
    try:
        yamlio.parse(text)
    except yamlio.Refused as exc:
        assert exc.code and exc.message and len(exc.message) <= 2 * MAX_MESSAGE
    assert _clock() - start < SLOW


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_csv_text(), st.sampled_from(["utf-8", "gbk", "bom"]))
def test_loader_csv(text, how):
    start = _clock()
    schema = {
        "fields": [
            {"name": "person", "constraints": {"required": True, "pattern": "p-[0-9a-z]{4,16}"}},
            {"name": "date", "type": "date"},
            {"name": "activity"},
            {"name": "service_type"},
            {"name": "hours", "type": "number", "constraints": {"minimum": 0, "maximum": 24}},
            {"name": "verified_by", "constraints": {"maxLength": 50}},
            {"name": "note"},
        ]
    }
    decoded, problems = csvio.decode(_encode(text, how), "x.csv")
    if decoded is not None:
        _rows, problems = csvio.read_table(decoded, "x.csv", schema)
    assert all(len(p.message) <= MAX_MESSAGE for p in problems)
    assert _clock() - start < SLOW


_PLACES = {
    "grid": "data/qinghe/cuihu/grids/fz-{i}.yaml",
    "compound": "data/qinghe/cuihu/compounds/fz-{i}.yaml",
    "real-compound": "data/qinghe/cuihu/compounds/lvjing.yaml",
    "notice": "data/notices/2026-01-01-fz-{i}.md",
    "rules": "data/rules/unit-assessment/2030-01-{i:02d}.yaml",
    "results": "data/results/unit-assessment/fz-{i}.json",
    "people": "private/people/fz-{i}.csv",
    "activity": "private/qinghe/cuihu/activities/{year}.csv",
    "hotline": "data/hotline/{year}.csv",
}
_FILE = st.tuples(
    st.sampled_from(sorted(_PLACES)), _YAML, _csv_text(), st.sampled_from(["utf-8", "gbk", "bom"])
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Shrinking 25-file repositories takes minutes: a failure is reported as generated.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(st.lists(_FILE, min_size=25, max_size=25))
def test_validate_25_generated_files_at_a_time(tmp_path_factory, files):
    # 20 examples of 25 files: 500 files through load and every check, in repositories that
    # are otherwise the tiny fixture (so references, hierarchy and privacy have work to do).
    root = tmp_path_factory.mktemp("fuzz") / "repo"
    shutil.copytree(FIXTURES / "tiny", root)
    shutil.copytree(TEMPLATE, root / "data", dirs_exist_ok=True)
    write_tiny_private(root)
    for i, (place, ytext, ctext, how) in enumerate(files, start=1):
        rel = _PLACES[place].format(i=i, year=2000 + i)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".csv"):
            path.write_bytes(_encode(ctext, how))
        elif rel.endswith(".md"):
            path.write_bytes(_encode(f"---\n{ytext}\n---\n正文", how))
        elif rel.endswith(".json"):
            path.write_bytes(_encode(ytext, how))
        else:
            path.write_bytes(_encode(ytext, how))
    repo = Repo.locate(root, schemas=CODE_ROOT / "schemas")
    start = _clock()
    _ds, _schemas, problems = repo.load_and_check(AS_OF)
    text = render_text(problems)
    assert _clock() - start < SLOW
    assert all(len(p.message) <= MAX_MESSAGE and len(p.message_en) <= MAX_MESSAGE for p in problems)
    assert text.endswith("warnings")
    shutil.rmtree(root.parent)
