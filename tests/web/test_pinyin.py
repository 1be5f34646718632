"""The names' pinyin (web/pinyin.py): read as residents say them, kept between builds, and read
by a helper process for the names no earlier build read."""

from __future__ import annotations

import json

import pytest

from baodao.web import pinyin
from baodao.web.pinyin import Readings, syllables


@pytest.mark.parametrize(
    ("name", "reading"),
    [
        ("绿景花园", "lv jing hua yuan"),  # ü as v, as typed on a phone
        ("重华苑", "chong hua yuan"),  # 重 in a place name, not zhong
        ("重庆路", "chong qing lu"),  # pypinyin's own phrase
        ("长安路113号院", "chang an lu 113 hao yuan"),
        ("长乐花园", "chang le hua yuan"),
        ("乐府小区", "yue fu xiao qu"),
        ("金厦小区", "jin sha xiao qu"),  # 厦 of 大厦, not 厦门
        ("厦门路", "xia men lu"),
        ("南湖名都", "nan hu ming du"),
        ("朝阳大道", "chao yang da dao"),
        ("银行宿舍", "yin hang su she"),
        ("A座", "a zuo"),
    ],
)
def test_place_names_are_read_as_residents_say_them(name, reading):
    assert syllables(name) == reading


def test_place_readings_do_not_change_pypinyin_for_others():
    """The demo generator derives ids from pypinyin's own readings; the lookup must not alter it."""
    from pypinyin import lazy_pinyin

    syllables("南湖名都")
    assert lazy_pinyin("名都") == ["ming", "dou"]


def test_readings_kept_between_builds_are_the_readings_themselves(tmp_path, monkeypatch):
    """The cache's readings (web/pinyin.py Readings) answer only for this version, and a name
    they do not hold is read by pypinyin; unused readings are dropped, an unchanged file is
    not written again."""
    path = tmp_path / "readings.json"
    first = pinyin.Readings(path)
    assert first.of("绿景花园") == "lv jing hua yuan"  # the table above is the oracle
    assert first.of("重华苑") == "chong hua yuan"
    first.save()
    calls: list[str] = []
    real = pinyin.syllables
    monkeypatch.setattr(pinyin, "syllables", lambda t: calls.append(t) or real(t))
    second = pinyin.Readings(path)
    assert second.of("绿景花园") == "lv jing hua yuan" and calls == []
    assert second.of("厦门路") == "xia men lu" and calls == ["厦门路"]
    second.save()  # 重华苑 was not read this time: it goes
    kept = json.loads(path.read_text("utf-8"))["value"]
    assert kept == {"绿景花园": "lv jing hua yuan", "厦门路": "xia men lu"}
    mtime = path.stat().st_mtime_ns
    third = pinyin.Readings(path)
    for name in ("绿景花园", "厦门路"):
        third.of(name)
    third.save()
    assert path.stat().st_mtime_ns == mtime
    # Another version's file (or one that is not JSON) is not believed.
    path.write_text(json.dumps({"version": "old", "value": {"绿景花园": "wrong"}}), "utf-8")
    assert pinyin.Readings(path).of("绿景花园") == "lv jing hua yuan"
    planted = {"version": pinyin.Readings().version, "value": {"绿景花园": "<b>x</b>"}}
    path.write_text(json.dumps(planted), "utf-8")
    assert pinyin.Readings(path).of("绿景花园") == "lv jing hua yuan"  # not a reading
    path.write_text("{not json", "utf-8")
    assert pinyin.Readings(path).of("绿景花园") == "lv jing hua yuan"


def _watch_here(monkeypatch) -> list[str]:
    """The names read by pypinyin in this process from now on (a helper is another one)."""
    calls: list[str] = []
    real = pinyin.syllables
    monkeypatch.setattr(pinyin, "syllables", lambda t: calls.append(t) or real(t))
    return calls


def test_names_no_earlier_build_read_are_read_by_the_helper(tmp_path, monkeypatch):
    path = tmp_path / "readings.json"
    first = Readings(path)
    first.of("绿景花园")
    first.save()
    here = _watch_here(monkeypatch)
    readings = Readings(path, pinyin.helper())
    readings.learn(["绿景花园", "重华苑", "厦门路", "重华苑"])
    assert readings.helper is None  # asked once, and ended
    # The oracle: the table of readings residents say (test_place_names_are_read_...).
    assert [readings.of(t) for t in ("绿景花园", "重华苑", "厦门路")] == [
        "lv jing hua yuan",
        "chong hua yuan",
        "xia men lu",
    ]
    assert here == []


class _Helper:
    """A stand-in for the helper process: what it answers, and what it was asked."""

    def __init__(self, answer: bytes | Exception) -> None:
        self.answer, self.asked, self.stopped = answer, None, False

    def go(self, *texts: str) -> _Helper:
        self.asked = list(texts)
        return self

    def result(self) -> bytes:
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    def stop(self) -> None:
        self.stopped = True


@pytest.mark.parametrize(
    "answer",
    [
        pinyin.ChildFailed("子进程 baodao.web.pinyin 失败（退出码 1）"),
        b"not json",
        json.dumps(["<b>x</b>"]).encode(),  # no reading: not believed
        json.dumps(["lv jing", "extra"]).encode(),  # not one answer per name
    ],
)
def test_a_helper_that_fails_or_answers_no_reading_leaves_the_names_to_this_process(
    monkeypatch, answer
):
    helper = _Helper(answer)
    readings = Readings(None, helper)  # type: ignore[arg-type]
    here = _watch_here(monkeypatch)
    readings.learn(["绿景花园"])
    assert helper.asked == ["绿景花园"] and helper.stopped
    assert readings.of("绿景花园") == "lv jing hua yuan"
    assert here == ["绿景花园"]


def test_a_helper_is_not_asked_when_every_name_was_read_before(tmp_path):
    path = tmp_path / "readings.json"
    first = Readings(path)
    first.of("绿景花园")
    first.save()
    helper = _Helper(b"[]")
    readings = Readings(path, helper)  # type: ignore[arg-type]
    readings.learn(["绿景花园"])
    assert helper.asked is None and helper.stopped
    assert readings.of("绿景花园") == "lv jing hua yuan"


def test_a_build_after_a_rename_reads_the_new_name_by_the_helper(tiny, tmp_path, monkeypatch):
    from baodao.web import build as build_module
    from baodao.web.build import build

    out, work = tmp_path / "public", tmp_path / "work"
    started: list = []
    real = build_module.pinyin_helper
    monkeypatch.setattr(build_module, "pinyin_helper", lambda: started.append(1) or real())
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert started == []  # a first build reads every name itself
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert started == []  # nothing read anew: no new name can come
    tiny.replace("data/qinghe/cuihu/compounds/lvjing.yaml", "name: 绿景花园", "name: 重华新苑")
    here = _watch_here(monkeypatch)
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert started == [1] and "重华新苑" not in here
    index = json.loads((out / "x/lookup.json").read_text("utf-8"))
    row = next(r for r in index["x"] if r[0] == "lvjing")
    assert row[2][0] == "重华新苑" and row[5][0] == "chong hua xin yuan"
