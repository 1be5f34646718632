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

``Forked`` is the one exception: a share of the build's pages written by a fork, once the
records are gone (web/build.py). What it shares then is the public view, kept out of the
collector's walks (memory.release_memory freezes it), so the fork writes to few of its pages;
a fresh interpreter would have to build the view again. Only from a process with no other
thread (``can_fork``): a fork copies no thread, and a lock one held stays held in the copy.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    waits for it and returns what it wrote to stdout.

    ``standby``: its input comes later (:meth:`go`), so that it makes ready (imports its
    libraries) on the other core while this process still works; a module started so reads one
    JSON line of arguments from stdin, and none when it is not needed after all."""

    def __init__(self, module: str, *args: str, stdin: bytes = b"", standby: bool = False) -> None:
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
                # A pipe for one short line (go): far below what a pipe holds, it never blocks.
                stdin=subprocess.PIPE if standby else given,
                stdout=self._out,
                stderr=self._err,
                env=env,
                **dying_with_parent(),  # noqa: PLW1509 - prctl only, no lock taken
            )

    def go(self, *args: str) -> Child:
        """A child on standby: its arguments, as one JSON line; it is then waited for like any
        other. A child that ended meanwhile says why in :meth:`result`."""
        pipe = self._proc.stdin
        assert pipe is not None, "go() is for a child started with standby=True"
        with contextlib.suppress(BrokenPipeError):
            pipe.write(json.dumps(list(args)).encode("utf-8") + b"\n")
        self._close_stdin()
        return self

    def _close_stdin(self) -> None:
        """A child on standby reads to the end of its stdin: closed, it goes on (or ends)."""
        pipe = self._proc.stdin
        if pipe is not None and not pipe.closed:
            with contextlib.suppress(BrokenPipeError):
                pipe.close()

    def result(self) -> bytes:
        """Its output once it ended; its stderr goes to ours (MkDocs' warnings are for the
        editor); ChildFailed when it failed. A child on standby never told to go is told it is
        not needed (its stdin closed), and ends."""
        self._close_stdin()
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
        self._close_stdin()
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


def can_fork() -> bool:
    """Whether ``Forked`` may run here: Linux (where a fork is what the build measured), and no
    other thread in this process (``baodao serve`` answers requests in threads)."""
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


class Forked:
    """``work()`` started now in a copy of this process; :meth:`result` waits for it and returns
    what it returned (pickled through an unnamed temporary file, which no other process can
    open). An exception in the copy is raised here as ChildFailed with its traceback."""

    def __init__(self, work: Callable[[], Any], name: str = "fork") -> None:
        self.name = name
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else what is buffered now is written by both processes
        try:
            self._pid = os.fork()
        except OSError:
            self._file.close()
            raise
        if self._pid == 0:  # the copy: never returns
            code = 0
            try:
                die_with_parent()
                outcome: tuple[str, Any] = ("ok", work())
            except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent
                outcome, code = ("error", "".join(traceback.format_exception(exc))), 1
            try:
                pickle.dump(outcome, self._file, protocol=pickle.HIGHEST_PROTOCOL)
                self._file.flush()
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)  # no atexit, no finaliser of the parent's objects

    def result(self) -> Any:
        _pid, status = os.waitpid(self._pid, 0)
        self._pid = 0
        try:
            self._file.seek(0)
            kind, value = pickle.load(self._file)
        except Exception:  # noqa: BLE001 - killed before it wrote anything
            kind, value = "error", f"ended with status {status}, nothing returned"
        finally:
            self._file.close()
        if kind != "ok":
            raise ChildFailed(f"子进程 {self.name} 失败 / {self.name} failed\n{value}")
        return value

    def stop(self) -> None:
        """End it if it still runs (a build that failed here leaves no copy writing files)."""
        if self._pid:
            with contextlib.suppress(ProcessLookupError):  # reaped below either way
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
        if not self._file.closed:
            self._file.close()
