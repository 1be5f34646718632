"""Write the hashed locks the workflows install from, each with every file's sha256.

    python scripts/tools/build_lock.py build > requirements-build.lock      (or: make lock-build)
    python scripts/tools/build_lock.py runtime > requirements-runtime.lock

``build``: main.yml's build job holds the private root (the members' records), so it installs
only what it runs — validate, assess, build — without the GitHub client and the spreadsheet
import. ``runtime``: the other jobs (pull request check and comment, intake, notices), which
hold write tokens: every runtime dependency, none of the development tools. pip checks every
file against its hash (``--require-hashes``). Versions are those of ``requirements.lock`` (a
constraint), plus setuptools for the editable install of baodao itself. The wheels are fetched
from PyPI by pip and hashed here; the runner is Linux x86_64 with CPython 3.11, like the
machine that runs this.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Used by other jobs only: the GitHub API (pull request comments, intake, releases) and the
# spreadsheet import an editor runs on their own machine.
NOT_IN = {"build": {"github3.py", "openpyxl"}, "runtime": set()}
_WHEEL = re.compile(r"(?P<name>[^-]+)-(?P<version>[^-]+)-.+\.whl\Z")


def requirements(kind: str) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return [d for d in project["dependencies"] if d.split("==")[0] not in NOT_IN[kind]]


def lock(wheels: Path, kind: str) -> str:
    lines = [
        f"# Installed with pip install --require-hashes ({kind}: see scripts/tools/build_lock.py).",
        "# Regenerate: make lock-build.",
    ]
    for f in sorted(wheels.glob("*.whl"), key=lambda p: p.name.lower()):
        m = _WHEEL.match(f.name)
        if m is None:
            raise SystemExit(f"not a wheel name: {f.name}")
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        name = m["name"].replace("_", "-").lower()
        lines.append(f"{name}=={m['version']} \\\n    --hash=sha256:{digest}")
    if any(not f.name.endswith(".whl") for f in wheels.iterdir()):
        raise SystemExit("a package without a wheel: the build job would have to build it")
    return "\n".join(lines) + "\n"


def main(kind: str) -> None:
    # The pip configuration of a developer's machine may add mirrors; the lock is made from PyPI.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--only-binary=:all:",
                "-c",
                str(ROOT / "requirements.lock"),
                "-d",
                tmp,
                *requirements(kind),
                "setuptools",
            ],
            check=True,
            env=env,
        )
        sys.stdout.write(lock(Path(tmp), kind))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build")
