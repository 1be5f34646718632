"""The bench's memory of a process tree (bench.tree_rss): a child between vfork and exec is not
its parent's memory twice, and a forked worker's own memory is counted; and the sampling, which
costs the measured processes time, is done in one run of a stage that is not the timed one."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from baodao.bench import tree_rss

MIB = 2**20

_SPAWNS = textwrap.dedent(
    """
    import subprocess, sys, time
    big = bytearray(200 * 2**20)
    for i in range(0, len(big), 4096):
        big[i] = 1
    print("ready", flush=True)
    for _ in range(300):
        subprocess.run(["/bin/true"])
    """
)

_WORKER = textwrap.dedent(
    """
    import os, sys, time
    big = bytearray(200 * 2**20)
    for i in range(0, len(big), 4096):
        big[i] = 1
    if os.fork() == 0:
        own = bytearray(100 * 2**20)
        for i in range(0, len(own), 4096):
            own[i] = 1
        time.sleep(3)
        os._exit(0)
    time.sleep(1)
    print("ready", flush=True)
    time.sleep(2)
    """
)


def _sample(code: str) -> list[int]:
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    samples = []
    while proc.poll() is None:
        samples.append(tree_rss(proc.pid))
        time.sleep(0.002)
    return samples


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_process_starting_helpers_is_not_counted_twice():
    samples = _sample(_SPAWNS)
    assert len(samples) > 20
    assert max(samples) < 300 * MIB  # 200 MB held; counted twice it was over 400
    assert max(samples) >= 200 * MIB


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_forked_workers_own_memory_is_counted():
    samples = _sample(_WORKER)
    assert max(samples) >= 290 * MIB  # 200 shared once + the worker's own 100


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_stage_reports_its_own_peak_not_the_benchs():
    """ru_maxrss survives exec: a stage started by a big bench reported the bench's peak."""
    code = textwrap.dedent(
        """
        import subprocess, sys
        big = bytearray(300 * 2**20)
        for i in range(0, len(big), 4096):
            big[i] = 1
        out = subprocess.run(
            [sys.executable, "-c", "from baodao.bench import own_peak; print(own_peak())"],
            capture_output=True, text=True, check=True,
        )
        print(out.stdout.strip())
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(done.stdout.strip()) < 150 * MIB  # a small process, after a 300 MB parent


def test_only_the_first_run_is_sampled_and_the_best_time_is_of_the_others(monkeypatch):
    from baodao import bench

    calls: list[bool] = []
    walls = iter([5.0, 6.2, 6.1])  # the sampled run the fastest: it must not be the one taken
    peaks = iter([900 * MIB, 500 * MIB, 510 * MIB])  # the tree's, then the stage's own

    def once(args, sample=True):
        calls.append(sample)
        return {"wall": next(walls), "peak_bytes": next(peaks)}

    monkeypatch.setattr(bench, "_run_once", once)
    best = bench._run_stage(["validate"], 3)
    assert calls == [True, False, False]
    assert (best["wall"], best["peak_bytes"], best["runs"]) == (6.1, 900 * MIB, [5.0, 6.2, 6.1])
    calls.clear()
    walls, peaks = iter([7.0]), iter([800 * MIB])
    assert bench._run_stage(["build"], 1)["wall"] == 7.0 and calls == [True]


def test_a_stage_and_its_floor_run_in_turn_each_reported_as_alone(monkeypatch):
    """parse, validate, parse, validate …: a slow spell of the host falls on both sides of the
    ratio. Each side: the first run sampled, the best of the others; the floor's arguments
    may use the runs so far (the bare build's page count is the first cold build's)."""
    from baodao import bench

    calls: list[tuple[str, bool]] = []
    walls = iter([9.0, 30.0, 8.0, 25.0, 8.5, 27.0])

    def once(args, sample=True):
        calls.append((" ".join(args), sample))
        return {"wall": next(walls), "peak_bytes": MIB, "pages": 7}

    monkeypatch.setattr(bench, "_run_once", once)
    build, bare = bench._run_alternating(
        [lambda _runs: ["build"], lambda runs: ["bare", str(runs[0][0]["pages"])]], 3
    )
    assert calls == [
        ("build", True),
        ("bare 7", True),
        ("build", False),
        ("bare 7", False),
        ("build", False),
        ("bare 7", False),
    ]
    assert (build["wall"], build["runs"]) == (8.0, [9.0, 8.0, 8.5])
    assert (bare["wall"], bare["runs"]) == (25.0, [30.0, 25.0, 27.0])
