"""The theme's templates compiled once per process (MkDocs compiles them again in every build).

MkDocs makes a new Jinja environment for every build, and compiling Material's templates is
most of the time of a build of a few pages: ~1.3 s of the preview's first quick step
(web/quickpreview.py) at city size. The compiled code is kept here, in memory, by template file
and source checksum (Jinja's own bytecode cache: a changed template is compiled again), and
given to each build's environment by the hooks (web/mkdocshooks.py). The code is what the
compiler makes from the same source with the same environment, so the pages are the same bytes.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryCache(BytecodeCache):
    """Compiled templates by key (Jinja: template name and file), with their checksums."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        raw = self.code.get(bucket.key)
        if raw is not None:
            bucket.bytecode_from_string(raw)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


CACHE = MemoryCache()
