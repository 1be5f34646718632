"""The committed demo data is what the generator writes, byte for byte.

The demo site, the benchmarks and the browser tests all read the committed ``data/``; a
generator change that is not followed by ``baodao demo --scale demo`` (or a hand edit of a
generated record) would let the two drift apart unnoticed. The private root is compared only
while the repository still tracks it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from baodao.demo.generate import generate
from baodao.repo import CODE_ROOT


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _tracked(part: str) -> bool:
    """Whether git tracks anything under ``part`` (a checkout without git: whether it exists)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--", part],
            cwd=CODE_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return (CODE_ROOT / part).is_dir()
    return bool(out.strip())


def _assert_same(committed: Path, generated: Path) -> None:
    want, got = _files(committed), _files(generated)
    missing = sorted(set(got) - set(want))
    extra = sorted(set(want) - set(got))
    changed = sorted(rel for rel in set(want) & set(got) if want[rel] != got[rel])
    assert (missing, extra, changed) == ([], [], []), (
        f"{committed.name}/ differs from `baodao demo --scale demo`: "
        f"not committed {missing[:5]}, not generated {extra[:5]}, changed {changed[:5]}"
    )


def test_committed_demo_data_is_the_generators_output(tmp_path):
    generate(tmp_path, "demo")
    _assert_same(CODE_ROOT / "data", tmp_path / "data")
    if _tracked("private"):
        _assert_same(CODE_ROOT / "private", tmp_path / "private")
