"""Helper processes: ``python -m <module>`` in a fresh interpreter, its memory all given back
when it ends.

The build's helpers (MkDocs, web/mkdocsrun.py; the boards' QR codes, web/boards.py) and the pull
request check's tree runs (github/prtrees.py) start from nothing rather than as forks of the
process that starts them: a child forked from a process holding a city's records soon holds its
own copy of much of it (the collector and the reference counts write to every object they
touch; two MkDocs children forked from the build took it to 1.7 GB), and multiprocessing's
other ways of starting a child run the caller's main script again. A child's input and output
go through files, never pipes, so that none blocks on a full pipe, and a child dies with the
process that started it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

PR_SET_PDEATHSIG = 1  # linux/prctl.h
# The folder the package is imported from: a child imports the same code as its parent.
_PACKAGE_HOME = str(Path(__file__).resolve().parents[2])


class ChildFailed(RuntimeError):
    """A helper process ended with an error; the message ends with what it wrote to stderr."""


def die_with_parent() -> None:
    """In a child about to start (Popen's ``preexec_fn``): on Linux, the child is sent SIGTERM
    when the process that started it ends, however it ends (CI's time limit, ``kill -9``)."""
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        ctypes.CDLL(name).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return


def dying_with_parent() -> dict:
    """Popen's keyword arguments that make the child die with this process (Linux only)."""
    return {"preexec_fn": die_with_parent} if sys.platform == "linux" else {}


class Child:
    """``python -m module *args`` started now, with ``stdin`` as its input; :meth:`result`
    waits for it and returns what it wrote to stdout."""

    def __init__(self, module: str, *args: str, stdin: bytes = b"") -> None:
        self.name = module
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result()
        self._err = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result()
        env = dict(os.environ)
        if Path(_PACKAGE_HOME).name not in ("site-packages", "dist-packages"):
            # A source tree (scripts/): put first. An installed package is found as it is;
            # its site-packages put first would come before the standard library.
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (_PACKAGE_HOME, env.get("PYTHONPATH", "")) if p
            )
        with tempfile.TemporaryFile() as given:
            given.write(stdin)
            given.seek(0)
            self._proc = subprocess.Popen(
                [sys.executable, "-m", module, *args],
                stdin=given,
                stdout=self._out,
                stderr=self._err,
                env=env,
                **dying_with_parent(),  # noqa: PLW1509 - prctl only, no lock taken
            )

    def result(self) -> bytes:
        """Its output once it ended; its stderr goes to ours (MkDocs' warnings are for the
        editor); ChildFailed when it failed."""
        code = self._proc.wait()
        self._out.seek(0)
        self._err.seek(0)
        out, err = self._out.read(), self._err.read()
        self._out.close()
        self._err.close()
        text = err.decode("utf-8", "replace")
        if code != 0:
            raise ChildFailed(
                f"子进程 {self.name} 失败（退出码 {code}）/ {self.name} exited with {code}\n"
                + text[-4000:]
            )
        if text:
            sys.stderr.write(text)
        return out

    def stop(self) -> None:
        """End it if it still runs (nothing of a failed build outlives it)."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        for fh in (self._out, self._err):
            if not fh.closed:
                fh.close()


def wait_all(children: list[Child]) -> list[bytes]:
    """Every child's output, in order, once all ended; the first failure raised after all
    ended (a failed share of a build leaves no other running)."""
    outs, failure = [], None
    for child in children:
        try:
            outs.append(child.result())
        except ChildFailed as exc:
            failure = failure or exc
            outs.append(b"")
    if failure is not None:
        raise failure
    return outs
