"""Keeping the build's peak memory down (issue 17: a city build under 1 GiB, children included).

Two tools: ``release_memory`` hands the memory of objects already dropped back to the system,
and ``in_child`` runs a step that holds a lot until it returns (MkDocs keeps every rendered page)
in a forked process, whose memory is all given back when it ends.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing as mp
import os
import pickle
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


def release_memory() -> None:
    """Give back the memory of what the caller just dropped: the package's memo caches are
    emptied (they hold parsed YAML trees and figures of the records), the collector runs, and
    glibc's free heap goes back to the system. Measured on the city data: 612 MB after validate,
    98 MB after this (353 MB without emptying the memos, 612 MB without the trim)."""
    for name, module in list(sys.modules.items()):
        if name == "baodao" or name.startswith("baodao."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and hasattr(value, "cache_info"):
                    clear()  # a functools memo: only ever a shortcut, safe to empty
    gc.collect()
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return  # not glibc: nothing to trim
    trim(0)


# What the small server process (multiprocessing's forkserver) imports once, before it forks
# the build's helper processes: MkDocs' (web/mkdocsrun.py) and the QR codes' (web/boards.py).
PRELOAD = ("baodao.web.boards", "baodao.web.mkdocsrun", "mkdocs.commands.build", "material")
# Two processes at once are what a city build's memory allows (< 1 GiB, web/mkdocsrun.py).
MAX_JOBS = 2


def jobs() -> int:
    """Helper processes the build may run at once: the cores this process may use, at most
    MAX_JOBS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_JOBS, cores))


def small_context() -> mp.context.BaseContext | None:
    """Processes forked from a fresh, small server process rather than from this one (a child
    forked from a big process soon holds its own copy of much of it: the collector and the
    reference counts write to every object they touch, once per child); None without fork."""
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(list(PRELOAD))
        return ctx
    return mp.get_context("fork") if "fork" in methods else None


class ChildFailed(RuntimeError):
    """A step run by ``in_child`` ended without saying why (killed, out of memory)."""


def in_child(step: Callable[..., Any], *args: Any) -> None:
    """Run ``step(*args)`` in a forked child and wait; its exception is raised here. Where fork
    does not exist (Windows), the step runs in this process."""
    in_children([(step, args)])


def in_children(steps: list[tuple[Callable[..., Any], tuple]], small: bool = False) -> None:
    """Run each ``step(*args)`` in a child process of its own, all at once, and wait for every
    one; the first failure (in the order given) is raised here. Without fork, one after another
    in this process. A child is forked from this process, or with ``small`` from the small
    server process (``small_context``): the step must then be a module's function."""
    ctx = small_context() if small else None
    if ctx is None and "fork" in mp.get_all_start_methods():
        ctx = mp.get_context("fork")
    if ctx is None:
        for step, args in steps:
            step(*args)
        return
    running = []
    for step, args in steps:
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_run, args=(send, step, args))
        child.start()
        send.close()
        running.append((receive, child))
    failures = []
    for receive, child in running:
        try:
            outcome = receive.recv()
        except EOFError:
            outcome = None
        child.join()
        if outcome != "ok" or child.exitcode != 0:
            failures.append(_failure(outcome, child.exitcode))
    if failures:
        raise failures[0]


def _failure(outcome: Any, exitcode: int | None) -> BaseException:
    if isinstance(outcome, BaseException):
        return outcome
    if isinstance(outcome, str) and outcome != "ok":
        return ChildFailed(outcome)
    return ChildFailed(f"子进程异常退出（退出码 {exitcode}）/ child exited with {exitcode}")


def _run(send: Connection, step: Callable[..., Any], args: tuple) -> None:
    try:
        step(*args)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        try:
            pickle.dumps(exc)
            send.send(exc)
        except Exception:  # noqa: BLE001 - an exception that cannot travel goes as its text
            send.send("".join(traceback.format_exception(exc)))
        send.close()
        raise SystemExit(1) from None
    send.send("ok")
    send.close()
