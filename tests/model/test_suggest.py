"""The one "did you mean": the guess and the message tails every layer appends."""

from __future__ import annotations

from baodao.model.suggest import closest, did_you_mean


def test_closest_guesses_a_near_miss_only():
    assert closest("qh-shuiwv", ["qh-shuiwu", "cuihu"]) == "qh-shuiwu"
    assert closest("zzz", ["qh-shuiwu", "cuihu"]) is None
    assert closest(12, ["12a", "b"]) == "12a"  # a number typed for an id is compared as text


def test_did_you_mean_tails():
    assert did_you_mean("cuihv", {"cuihu": 1}) == (
        "（是否应为 'cuihu'？）",
        " (did you mean 'cuihu'?)",
    )
    assert did_you_mean("x", []) == ("", "")
