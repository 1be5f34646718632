"""Worker processes for reading many files at once: each job's answer comes back as the bytes
pickled in the worker, which the caller unpickles and may keep as they are (the parse cache
stores those very bytes, records/cache.py: a file is pickled once, where it was read).

Jobs are handed to the workers as the caller finds them (``Jobs.add``, in chunks), so that the
workers read while the caller still walks the folders and reads other files.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

# What every job of one run shares (the schemas, the per-file checks): set in this process
# before the workers fork, so that it is inherited rather than pickled for every job.
_shared: Any = None

# Below this many jobs a second process costs more than it saves.
PARALLEL_FROM = 400

# Jobs handed over at once: small enough that the workers finish together (a city: ~95 chunks
# of YAML texts, ~0.1 s of work each), large enough that passing them costs little. The pool
# queues few chunks ahead, refilled by threads of the caller that wait for its GIL while it
# reads the tables: with 48 jobs a chunk the workers of a cold city validate waited between
# chunks for 1.3 s each (20-60 ms a time), 0.8 s with 200, and the validate took 0.2 s less.
CHUNK = 200


def shared() -> Any:
    return _shared


def _set_shared(value: Any) -> None:
    global _shared
    _shared = value


def _run_chunk(fn: Callable[[Any], bytes], jobs: list[Any]) -> list[bytes]:
    return [fn(job) for job in jobs]


class Jobs:
    """``fn(job)`` for every job added (``fn`` a module-level function, reading ``shared()``,
    which gives ``context``): in worker processes once there are many (``PARALLEL_FROM``) on a
    multi-core machine, else here when the answers are asked for. ``prepare`` runs once before
    the workers start."""

    def __init__(
        self,
        fn: Callable[[Any], bytes],
        context: Any,
        prepare: Callable[[], None] = lambda: None,
    ) -> None:
        self.fn = fn
        self.context = context
        self.prepare = prepare  # run here before the workers fork (what they all need)
        self.jobs: list[Any] = []
        self.waiting: list[int] = []  # jobs not yet handed to a worker
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future, list[int]] = {}
        self.workers = min(os.cpu_count() or 1, 4)

    def __len__(self) -> int:
        return len(self.jobs)

    def add(self, job: Any) -> None:
        self.waiting.append(len(self.jobs))
        self.jobs.append(job)
        if (
            self.pool is None
            and len(self.jobs) >= PARALLEL_FROM
            and self.workers >= 2
            and "fork" in mp.get_all_start_methods()
        ):
            self.prepare()
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=mp.get_context("fork"),
                initializer=_set_shared,
                initargs=(self.context,),
            )
        if self.pool is not None and len(self.waiting) >= CHUNK:
            self._hand_over()

    def _hand_over(self) -> None:
        assert self.pool is not None
        chunk, self.waiting = self.waiting, []
        try:
            future = self.pool.submit(_run_chunk, self.fn, [self.jobs[i] for i in chunk])
        except BaseException:
            self.pool.shutdown(cancel_futures=True)
            raise
        self.futures[future] = chunk

    def flush(self) -> None:
        """Hand the jobs added since the last chunk to the workers now (the caller has more to
        do before it asks for the answers: they would wait for it)."""
        if self.pool is not None and self.waiting:
            self._hand_over()

    def answers(self) -> Iterator[tuple[int, bytes]]:
        """(index, answer) of every job, as they finish (all of them, once)."""
        if self.pool is None:
            before = _shared
            _set_shared(self.context)
            try:
                for i in self.waiting:
                    yield i, self.fn(self.jobs[i])
            finally:
                _set_shared(before)
            return
        if self.waiting:
            self._hand_over()
        with self.pool:
            try:
                for future in as_completed(self.futures):
                    yield from zip(self.futures[future], future.result(), strict=True)
            except BaseException:
                self.pool.shutdown(cancel_futures=True)
                raise
