"""Worker processes for reading many files at once: each job's answer comes back as the bytes
pickled in the worker, which the caller unpickles and may keep as they are (the parse cache
stores those very bytes, records/cache.py: a file is pickled once, where it was read).

Jobs run largest first, so that two workers finish together instead of one waiting for the
other's last big table; answers keep the jobs' order.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

from .yamlio import PARALLEL_FROM

# What every job of one run shares (the schemas, the per-file checks): set in this process
# before the workers fork, so that it is inherited rather than pickled for every job.
_shared: Any = None


def shared() -> Any:
    return _shared


def _set_shared(value: Any) -> None:
    global _shared
    _shared = value


def _run_chunk(fn: Callable[[Any], bytes], jobs: list[Any]) -> list[bytes]:
    return [fn(job) for job in jobs]


def start_jobs(
    fn: Callable[[Any], bytes], jobs: Sequence[Any], sizes: Sequence[int], context: Any
) -> Iterator[tuple[int, bytes]]:
    """(index, ``fn(job)``) for every job (``fn`` a module-level function, reading
    ``shared()``), in worker processes when there are many on a multi-core machine, as they
    finish. The workers start now and read while the caller does other work; iterate the
    result to collect. ``sizes``: each job's cost estimate (its bytes); ``context``: what
    ``shared()`` gives the jobs."""
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return _inline(fn, jobs, context)
    order = sorted(range(len(jobs)), key=lambda i: -sizes[i])
    # Chunks of about a hundredth of the bytes each (at most 64 jobs): few enough that
    # passing them costs little, small enough that the last ones even out the workers.
    budget = max(1, sum(sizes) // 100)
    chunks: list[list[int]] = []
    current: list[int] = []
    held = 0
    for i in order:
        current.append(i)
        held += sizes[i]
        if held >= budget or len(current) >= 64:
            chunks.append(current)
            current, held = [], 0
    if current:
        chunks.append(current)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp.get_context("fork"),
        initializer=_set_shared,
        initargs=(context,),
    )
    try:
        futures: dict[Future, list[int]] = {
            pool.submit(_run_chunk, fn, [jobs[i] for i in chunk]): chunk for chunk in chunks
        }
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    return _collect(pool, futures)


def _inline(
    fn: Callable[[Any], bytes], jobs: Sequence[Any], context: Any
) -> Iterator[tuple[int, bytes]]:
    before = _shared
    _set_shared(context)
    try:
        yield from ((i, fn(job)) for i, job in enumerate(jobs))
    finally:
        _set_shared(before)


def _collect(
    pool: ProcessPoolExecutor, futures: dict[Future, list[int]]
) -> Iterator[tuple[int, bytes]]:
    with pool:
        try:
            for future in as_completed(futures):
                yield from zip(futures[future], future.result(), strict=True)
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
