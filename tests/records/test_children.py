"""Helper processes (records/children.py): a fresh interpreter's output comes back, a failure
comes back with its exit code and stderr, every child ends before a failure is raised, and a
child dies with the process that started it. A fork (``Forked``) returns what its work
returned, raises what it raised, writes nothing once stopped, and is never made beside another
thread."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from baodao.records.children import Child, ChildFailed, Forked, can_fork, wait_all


def test_a_child_reads_its_input_and_its_output_comes_back():
    out = Child("json.tool", "--compact", stdin='{"名": [1, 2]}'.encode()).result()
    assert json.loads(out) == {"名": [1, 2]}


def test_a_failed_child_says_its_exit_code_and_what_it_wrote():
    with pytest.raises(ChildFailed) as caught:
        Child("json.tool", stdin=b"{not json").result()
    message = str(caught.value)
    assert message.startswith("子进程 json.tool 失败（退出码 1）/ json.tool exited with 1\n")
    assert "Expecting property name" in message


def test_every_child_ends_and_the_first_failure_is_raised(tmp_path):
    mark = tmp_path / "slow-done"
    slow = f"import time, pathlib; time.sleep(0.5); pathlib.Path({str(mark)!r}).write_text('x')"
    with pytest.raises(ChildFailed, match="^子进程 json.tool 失败"):
        wait_all([Child("json.tool", stdin=b"{"), Child("runpy_probe_missing"), _python(slow)])
    assert mark.read_text() == "x"  # the slow one was waited for, not left running


def _python(code: str) -> Child:
    """A child running ``code``: ``-m`` of a module that runs its stdin (``code`` module)."""
    return Child("code", stdin=code.encode() + b"\n")


def test_a_child_imports_the_same_package_as_its_parent():
    import baodao

    probe = "import baodao, sys; sys.stdout.write(baodao.__file__)"
    out = _python(probe).result().decode()
    assert Path(baodao.__file__).resolve().as_posix() in out


def test_a_child_ends_when_the_process_that_started_it_is_killed(tmp_path):
    """A killed build or `pr check` (CI's time limit) must leave no helper holding records."""
    if sys.platform != "linux":
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, time\n"
            "from baodao.records.children import dying_with_parent\n"
            "c = subprocess.Popen(['sleep', '60'], **dying_with_parent())\n"
            f"open({str(pid_file)!r}, 'w').write(str(c.pid))\n"
            "time.sleep(60)\n",
        ]
    )
    deadline = time.monotonic() + 30
    while not pid_file.is_file() or not pid_file.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child = int(pid_file.read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _state(child) not in ("gone", "Z"):  # a zombie is dead, waiting for init to reap it
        assert time.monotonic() < deadline, "the child outlived the process that started it"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the build forks on Linux only")


@linux_only
def test_a_fork_returns_what_its_work_returned_from_another_process():
    parent = os.getpid()
    got = Forked(lambda: {"名": [1, 2], "pid": os.getpid()}).result()
    assert got["名"] == [1, 2]
    assert got["pid"] != parent


@linux_only
def test_a_failed_fork_raises_its_error_with_the_traceback():
    def work():
        raise ValueError("第 3 页写不出来")

    with pytest.raises(ChildFailed) as caught:
        Forked(work, "pages").result()
    message = str(caught.value)
    assert message.startswith("子进程 pages 失败 / pages failed\n")
    assert "ValueError: 第 3 页写不出来" in message


@linux_only
def test_a_stopped_fork_writes_nothing_more(tmp_path):
    mark = tmp_path / "late"

    def work():
        time.sleep(0.5)
        mark.write_text("x")

    fork = Forked(work)
    fork.stop()
    time.sleep(0.8)
    assert not mark.exists()


@linux_only
def test_no_fork_is_made_beside_another_thread():
    """A fork copies only the thread that made it: a lock another thread held stays held."""
    assert can_fork()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not can_fork()
    finally:
        release.set()
        other.join()
    assert can_fork()


@linux_only
def test_a_fork_that_cannot_be_made_raises_and_keeps_no_file(monkeypatch):
    """No memory or process left for a fork: OSError, which the build takes as "write the
    shares in turn" (web/build.py), and the result file is closed, not left open."""
    opened = []
    real = tempfile.TemporaryFile

    def tracked(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(tempfile, "TemporaryFile", tracked)
    monkeypatch.setattr(os, "fork", no_fork)
    with pytest.raises(OSError):
        Forked(lambda: 1)
    assert [fh.closed for fh in opened] == [True]


def test_a_child_on_standby_gets_its_arguments_when_told_to_go():
    # ``code`` reads Python from stdin: the JSON line of arguments is a list it prints back.
    out = Child("code", standby=True).go("名", "--dirty").result().decode()
    assert "['名', '--dirty']" in out


def test_a_child_on_standby_never_told_to_go_ends_when_waited_for():
    out = Child("code", standby=True).result()  # ends (exit 0) on its closed stdin
    assert b"[" not in out  # no arguments were given: only the console's prompt


def test_a_stopped_child_on_standby_is_gone():
    child = Child("code", standby=True)
    pid = child._proc.pid
    child.stop()
    assert _state(pid) == "gone"
