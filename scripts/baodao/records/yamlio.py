"""YAML reading: libyaml for speed, dates kept as strings, line numbers found on demand.

Why not keep line numbers for every value while loading: building a node tree in Python for
every file costs several times the libyaml parse, and only records with problems need lines.
So the fast path loads plain values, and :func:`line_of` re-composes one file when a message
needs a line.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Limits of one record file. No real record comes near them (city-size demo: depth 7, longest
# value 89 characters); they exist so that a hostile file is refused with a message instead of
# stopping CI (docs/problems.md, LIMIT001–003).
MAX_DEPTH = 20
MAX_TEXT = 5000  # characters in one value
MAX_DIGITS = 30  # an integer longer than this is a code or a phone written without quotes
QUOTE = 60  # characters of a value a message may quote


def clip(value: object, limit: int = QUOTE) -> str:
    """A value as a message quotes it: at most ``limit`` characters (a 50 MB value stays out)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


class Refused(Exception):
    """A file refused while reading: where, the problem code and its words."""

    def __init__(self, line: int, code: str, message: str, message_en: str, hint: str = ""):
        super().__init__(message_en)
        self.line = line
        self.code = code
        self.message = message
        self.message_en = message_en
        self.hint = hint

    def as_tuple(self) -> tuple[int, str, str, str, str]:
        return (self.line, self.code, self.message, self.message_en, self.hint)


class _Refusal(Exception):
    """Raised inside the constructor, where only the node's mark is known."""

    def __init__(self, mark: Any, code: str, message: str, message_en: str, hint: str = ""):
        super().__init__(message_en)
        self.refused = Refused(mark.line + 1 if mark else 1, code, message, message_en, hint)


_STR = "tag:yaml.org,2002:str"


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader without the timestamp resolver, hardened against hostile files.

    Unquoted ``2026-05-04`` would otherwise become a ``date`` object, which a JSON Schema
    ``format: date`` check silently skips; as a string it is checked like a quoted one.

    Duplicate keys (PyYAML keeps the last one silently, and the last one was published), NaN and
    infinities (they pass every range check and crash the build), values too long or too deep
    are refused while constructing, where the node's line is known.
    """

    def construct_document(self, node: yaml.Node) -> Any:
        # Depth first, iteratively: 600 nested brackets load fine but overflow the Python stack
        # of every recursive walker after it (schema, privacy). A node met twice is an alias;
        # refusing it here means a "billion laughs" is never expanded.
        # Only collections are walked: a scalar is neither deep nor expandable, and scalars are
        # most nodes (walking them too was a fifth of reading a city's 18,800 files).
        seen: set[int] = set()
        stack: list[tuple[yaml.Node, int]] = [(node, 1)]
        scalar = yaml.ScalarNode
        while stack:
            item, depth = stack.pop()
            if id(item) in seen:
                raise _Refusal(item.start_mark, *_ALIAS)
            seen.add(id(item))
            if isinstance(item, yaml.MappingNode):
                if depth > MAX_DEPTH:
                    raise _Refusal(item.start_mark, *_too_deep())
                for key, value in item.value:
                    if not isinstance(key, scalar):
                        stack.append((key, depth + 1))
                    if not isinstance(value, scalar):
                        stack.append((value, depth + 1))
            elif isinstance(item, yaml.SequenceNode):
                if depth > MAX_DEPTH:
                    raise _Refusal(item.start_mark, *_too_deep())
                stack.extend((c, depth + 1) for c in item.value if not isinstance(c, scalar))
        if self.fast:
            try:
                return self._plain(node)
            except Exception:  # noqa: BLE001 - said below, by PyYAML's own way of constructing
                # A file refused (or holding what only PyYAML's constructors make): built again
                # the usual way, which raises its first problem in its own order (PyYAML
                # constructs nested collections level by level, _plain depth first).
                self.constructed_objects, self.recursive_objects = {}, {}
                self.state_generators = []
        return super().construct_document(node)

    # Whether ``construct_document`` tries ``_plain`` first (tests compare it with PyYAML's).
    fast = True

    def _plain(self, node: yaml.Node) -> Any:
        """The value of a document of plain maps, lists and scalars, built depth first in one
        pass: what PyYAML's constructors give for it (no alias reaches here, ``_anchors``),
        without their generators and bookkeeping per node (a third of reading a city's 18,800
        files). Any other tag goes to PyYAML's constructor; a problem is raised as is."""
        kind = node.__class__
        if kind is yaml.ScalarNode:
            make = _SCALARS.get(node.tag)
            return make(self, node) if make is not None else self.construct_object(node, True)
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            return [self._plain(item) for item in node.value]
        if kind is not yaml.MappingNode or node.tag != _MAP:
            return self.construct_object(node, deep=True)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if (
                key_node.tag == _STR
                and key_node.__class__ is yaml.ScalarNode
                and len(key_node.value) <= MAX_TEXT
            ):
                key = key_node.value
            else:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    raise ValueError("key is not text")  # construct_mapping says so exactly
            if key in out:
                raise ValueError("duplicate key")  # construct_mapping says so exactly
            out[key] = self._plain(value_node)
        return out

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict:
        keys: set[str] = set()
        for key_node, _ in node.value:
            if (
                key_node.tag == _STR
                and isinstance(key_node, yaml.ScalarNode)
                and len(key_node.value) <= MAX_TEXT
            ):
                key = key_node.value  # what _construct_str gives, without a call per key
            else:
                key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise _Refusal(
                    key_node.start_mark,
                    "YAML006",
                    f"字段名 {clip(key)} 不是文字",
                    f"key {clip(key)} is not text",
                    "字段名用英文小写字母；像 yes、no、1 这样的字段名须加英文引号",
                )
            if key in keys:
                raise _Refusal(
                    key_node.start_mark,
                    "YAML006",
                    f"字段 '{clip(key)}' 重复出现",
                    f"duplicate key '{clip(key)}'",
                    "同一层级的字段只能写一次：删除或合并重复的那一个",
                )
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


_ALIAS = (
    "YAML005",
    "不能使用 YAML 锚点和引用（& 和 *）",
    "YAML anchors and aliases are not allowed",
    "把被引用的内容直接写出来",
)


def _too_deep() -> tuple[str, str, str, str]:
    return (
        "LIMIT002",
        f"嵌套超过 {MAX_DEPTH} 层",
        f"nested deeper than {MAX_DEPTH} levels",
        "记录的层级不会这么深：检查括号是否成对、缩进是否正确",
    )


def _construct_float(loader: Loader, node: yaml.ScalarNode) -> float:
    value = yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
    if not math.isfinite(value):
        raise _Refusal(node.start_mark, *not_finite(node.value))
    return value


def _construct_int(loader: Loader, node: yaml.ScalarNode) -> int:
    # Python refuses to convert more than 4,300 digits (a traceback); a long run of digits is
    # a code or phone number that lost its quotes anyway.
    if sum(c.isdigit() for c in node.value) > MAX_DIGITS:
        raise _Refusal(
            node.start_mark,
            "LIMIT003",
            f"数字 {clip(node.value)} 超过 {MAX_DIGITS} 位",
            f"number {clip(node.value)} has more than {MAX_DIGITS} digits",
            '编号、电话和代码请加英文引号，例如 "0999-6101000"',
        )
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


def _construct_str(loader: Loader, node: yaml.ScalarNode) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else loader.construct_scalar(node)
    if len(value) > MAX_TEXT:
        raise _Refusal(node.start_mark, *too_long(value))
    return value


def not_finite(text: str) -> tuple[str, str, str, str]:
    """Problem words for NaN or an infinity: they pass every range check and crash the build."""
    return (
        "NUM001",
        f"{clip(text)} 不是有限的数字（NaN 或无穷大）",
        f"{clip(text)} is not a finite number",
        "填写具体数字；不知道时留空或删去该字段",
    )


def too_long(value: str) -> tuple[str, str, str, str]:
    return (
        "LIMIT003",
        f"内容有 {len(value)} 个字符，超过上限 {MAX_TEXT}：'{clip(value, 20)}'",
        f"value of {len(value)} characters, more than {MAX_TEXT}",
        "长文请写在公示正文或附件中，不要写在字段里",
    )


Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Loader.add_constructor(_STR, _construct_str)
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
# The scalars' constructors by tag, as the loader has them (``Loader._plain``).
_SCALARS = {
    tag: Loader.yaml_constructors[tag]
    for tag in (
        _STR,
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
    )
}
Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _anchors(text: str) -> None:
    """Refuse anchors and aliases before anything is composed (only files that could hold one)."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refusal(event.start_mark, *_ALIAS)


def parse(text: str) -> Any:
    """The value of one YAML document; :class:`Refused` with line and problem code if refused."""
    try:
        _anchors(text)
        return yaml.load(text, Loader=Loader)
    except _Refusal as exc:
        raise exc.refused from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = clip(f"{exc.context or ''} {exc.problem or ''}".strip(), 200)
        raise Refused(
            line,
            "YAML001",
            f"YAML 语法错误：{what}",
            "YAML syntax error",
            "检查缩进（用空格，不用 Tab）、冒号后的空格和引号是否成对",
        ) from exc
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:
        raise Refused(
            1,
            "YAML001",
            f"YAML 无法读取：{clip(str(exc), 200)}",
            "YAML cannot be read",
            "检查缩进（用空格，不用 Tab）、冒号后的空格和引号是否成对",
        ) from exc


# Lines need the nodes' places only, not their tags: the base loader resolves no scalar's type
# (the safe one tries its patterns on each, a third of composing a city's warnings' files).
_PlacesLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@lru_cache(maxsize=256)
def _compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=_PlacesLoader)


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


def parse_one(text: str) -> tuple[Any, tuple[int, str, str, str, str] | None]:
    """``parse``'s value, or its refusal as a tuple (what load's workers send back)."""
    try:
        return parse(text), None
    except Refused as exc:
        return None, exc.as_tuple()
