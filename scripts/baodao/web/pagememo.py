"""Page texts reused by what they read: a page is rendered again only when its inputs changed.

Every generated page is one template rendered with the page's own values (``x=`` the compound,
``boards=`` …) and the view's shared names (``v``, ``A``, ``by_street`` …). What a template can
read is known before rendering: its own source and the templates it includes (an import is
without context: a macro reads only what it is given), analysed once for the shared names it
uses and, for ``v`` (the public view), for the attributes it reads (``v.as_of``,
``v.compounds``; ``v`` used any other way counts as all of it).

A page's key is a hash of the code version, its template, path and title, its own values and
the shared values it reads, each pickled (a value reached twice in one build is pickled once).
When the key is the one the previous build wrote for that path and the staged docs file is still
the one it wrote (size and modification time), the page is neither rendered nor written: its
file stays as it is, so MkDocs' dirty mode skips it too (web/incremental.py).

The open data's files are kept the same way, by a key of the table they are made of
(web/opendata.py, web/incremental.py ``Staging.write_made``).

A key that cannot be made (a value pickle refuses) renders the page; a key that differs when
nothing changed (e.g. a set pickled in another order) renders it again: both only cost time.
The memo is written only after a successful build, beside the incremental state.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, nodes

from ..records.cache import code_version
from .incremental import take_json

MEMO = "pages.json"
READS_ALL = "*"  # a template that uses ``v`` other than by one attribute reads all of it


def _reads(env: Environment, name: str, seen: set[str] | None = None) -> set[str]:
    """Shared names a template (and what it includes) reads: ``"x"`` or ``"v.attr"``/``"v.*"``."""
    seen = seen if seen is not None else set()
    if name in seen:
        return set()
    seen.add(name)
    source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    tree = env.parse(source)
    out: set[str] = set()
    attr_of_v: set[int] = set()
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name == "v":
            out.add(f"v.{node.attr}")
            attr_of_v.add(id(node.node))
    for node in tree.find_all(nodes.Name):
        if node.ctx != "load":
            continue
        if node.name == "v" and id(node) not in attr_of_v:
            out.add(f"v.{READS_ALL}")
        else:
            out.add(node.name)
    for inc in tree.find_all(nodes.Include):
        if isinstance(inc.template, nodes.Const):
            out |= _reads(env, inc.template.value, seen)
        else:
            out.add(f"v.{READS_ALL}")  # an include chosen at run time: anything
    return out


def template_reads(env: Environment, name: str) -> frozenset[str]:
    """The shared names ``name`` reads (``_reads``), e.g. for the preview's first quick step."""
    return frozenset(_reads(env, name))


# The modules of the public view's classes (Compound, Building, Post …): their objects are the
# view's, alive through the build; a page's own values (a compound page's grouping) are of
# other classes and are let go with the page. The boards are alive until the last page (each
# community's print page lists them all again): kept, their QR codes are hashed once, not twice.
_VIEW_MODULES = frozenset({"baodao.web.publicview", "baodao.web.viewtypes", "baodao.web.boards"})

# Values hashed again rather than remembered: pickling one costs less than the memo's entry
# (a city's view has hundreds of thousands of them).
_CHEAP = (str, int, float, bool, bytes, type(None))


@dataclass
class PageMemo:
    """The keys of the previous build (read) and of this one (written after success)."""

    previous: dict[str, list] = field(default_factory=dict)  # path → [key, size, mtime_ns]
    keys: dict[str, str] = field(default_factory=dict)  # path → key, this build
    kept: set[str] = field(default_factory=set)  # paths not rendered: their staged file stays
    _reads: dict[str, frozenset[str]] = field(default_factory=dict)
    _digests: dict[int, tuple[Any, bytes]] = field(default_factory=dict)
    # The public view's own attributes (its notices, stations …), by identity: given to pages
    # as their own values (each station's page gets the notices), they live as the view does.
    _of_view: set[int] = field(default_factory=set)
    _version: str = ""  # the code version, once per build (a memo that a build may empty)

    @classmethod
    def take(cls, work: Path) -> PageMemo:
        """The previous build's keys, removed from disk until this build succeeds."""
        raw = take_json(work / MEMO)
        return cls(previous=raw if isinstance(raw, dict) else {})

    @classmethod
    def read(cls, work: Path) -> PageMemo:
        """The last successful build's keys, left on disk (the preview's quick path)."""
        try:
            raw = json.loads((work / MEMO).read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        return cls(previous=raw if isinstance(raw, dict) else {})

    def save(self, work: Path, docs: Path) -> None:
        data = {}
        for rel, key in sorted(self.keys.items()):
            try:
                st = (docs / rel).stat()
            except OSError:
                continue
            data[rel] = [key, st.st_size, st.st_mtime_ns]
        tmp = work / (MEMO + ".tmp")
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        tmp.replace(work / MEMO)

    def _digest(self, value: Any, depth: int = 2, local: dict | None = None) -> bytes:
        """A hash of the value's pickle; a list, tuple or object is hashed from its items' or
        attributes' own (each by identity, down to ``depth``), so a view object given to many
        pages is pickled once, not once per page.

        By identity means holding the value (a freed object's id is reused). The view's values
        live through the whole build anyway and are kept for it (``local`` None); a page's own
        values are often made for that page alone, and are kept only while its key is made
        (``local``): kept for the build, a city's 13,551 pages held ~900 MB of them."""
        hit = self._digests.get(id(value))
        if hit is None and local is not None:
            hit = local.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        if depth > 0 and isinstance(value, list | tuple):
            parts = [type(value).__name__.encode()]
            parts += [self._digest(v, depth - 1, local) for v in value]
        elif depth > 0 and type(value) is dict:
            # In its order, as pickle has it: the compounds by community are the compounds.
            parts = [b"dict"]
            for k, v in value.items():
                parts += [self._digest(k, depth - 1, local), self._digest(v, depth - 1, local)]
        elif depth > 0 and hasattr(value, "__dict__") and not callable(value):
            # Every attribute of the object, by name: the whole state pickle would have saved.
            parts = [type(value).__module__.encode(), type(value).__qualname__.encode()]
            for name, v in sorted(vars(value).items()):
                parts += [name.encode(), self._digest(v, depth - 1, local)]
        else:
            parts = [pickle.dumps(value, protocol=5)]
        digest = hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()
        if not isinstance(value, _CHEAP):
            # The value kept with its digest: its id is not reused while it is in the memo.
            # An object of the view's own classes lives as long as the view, and many pages
            # reach it (a compound through each of its buildings' boards): kept for the build.
            lasting = (
                local is None
                or type(value).__module__ in _VIEW_MODULES
                or id(value) in self._of_view
            )
            (self._digests if lasting else local)[id(value)] = (value, digest)
        return digest

    def forget_values(self) -> None:
        """Let the values go once every page has its key: held, they keep the public view
        alive after the build let it go (web/memory.py), through MkDocs."""
        self._digests.clear()
        self._of_view.clear()

    def key(
        self, env: Environment, template: str, path: str, title: str, common: dict, kw: dict
    ) -> str | None:
        reads = self._reads.get(template)
        if reads is None:
            reads = self._reads[template] = frozenset(_reads(env, template))
        if not self._version:
            self._version = code_version()
        h = hashlib.blake2b(digest_size=20)
        h.update(f"{self._version}\0{template}\0{path}\0{title}\0".encode())
        try:
            mine: dict = {}  # this page's own values: let go with the page
            view = common["v"]
            if not self._of_view:
                self._of_view = {id(value) for value in vars(view).values()}
            for name in sorted(kw):
                h.update(name.encode() + b"\0" + self._digest(kw[name], local=mine))
            for name in sorted(reads):
                if name == f"v.{READS_ALL}":
                    h.update(b"v\0" + self._digest(view))
                elif name.startswith("v."):
                    attr = name[2:]
                    h.update(name.encode() + b"\0" + self._digest(getattr(view, attr, None)))
                elif name in common and name != "v":
                    h.update(name.encode() + b"\0" + self._digest(common[name]))
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        return h.hexdigest()

    def unchanged(self, docs: Path, path: str, key: str | None) -> bool:
        """Whether the staged file of ``path`` is the text of ``key`` (then it is kept)."""
        if key is None:
            return False
        self.keys[path] = key
        old = self.previous.get(path)
        if not old or old[0] != key:
            return False
        try:
            st = (docs / path).stat()
        except OSError:
            return False
        if [st.st_size, st.st_mtime_ns] != old[1:]:
            return False
        self.kept.add(path)
        return True
