"""YAML reading: libyaml for speed, dates kept as strings, line numbers found on demand.

Why not keep line numbers for every value while loading: building a node tree in Python for
every file costs several times the libyaml parse, and only records with problems need lines.
So the fast path loads plain values, and :func:`line_of` re-composes one file when a message
needs a line.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader without the timestamp resolver.

    Unquoted ``2026-05-04`` would otherwise become a ``date`` object, which a JSON Schema
    ``format: date`` check silently skips; as a string it is checked like a quoted one.
    """


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse(text: str) -> Any:
    try:
        return yaml.load(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(line, f"{exc.context or ''} {exc.problem or ''}".strip()) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for syntax errors
        raise YamlSyntaxError(1, str(exc)) from exc


@lru_cache(maxsize=256)
def _compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=Loader)


def line_of(text: str, path: tuple[str | int, ...], first_line: int = 1) -> int:
    """1-based line of the value at ``path`` (or of its deepest existing parent)."""
    if len(path) == 1 and isinstance(path[0], str):
        # A top-level key (verified_at, id, …) is found without composing the whole file, which
        # costs ~15 ms for a large compound and adds up over a city's warnings.
        m = re.search(rf"^{re.escape(path[0])}\s*:", text, re.M)
        if m:
            return text.count("\n", 0, m.start()) + first_line
    try:
        node = _compose(text)
    except yaml.YAMLError:
        return first_line
    line = node.start_mark.line if node is not None else 0
    for step in path:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == step:
                    line = key.start_mark.line
                    node = value
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                break
            node = node.value[step]
            line = node.start_mark.line
        else:
            break
    return line + first_line


def _parse_one(text: str) -> tuple[Any, tuple[int, str] | None]:
    try:
        return parse(text), None
    except YamlSyntaxError as exc:
        return None, (exc.line, exc.message)


# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 400


def parse_many(texts: list[str]) -> list[tuple[Any, tuple[int, str] | None]]:
    """Parse many documents; on a multi-core machine, in worker processes.

    Constructing Python objects from libyaml events is most of validate's time at city size
    (4,600 files); two cores halve it. Results keep the input order.
    """
    workers = min(os.cpu_count() or 1, 4)
    if len(texts) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return [_parse_one(t) for t in texts]
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
        return list(pool.map(_parse_one, texts, chunksize=max(16, len(texts) // (workers * 8))))
