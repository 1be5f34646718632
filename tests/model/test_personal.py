"""Detectors of personal data, against oracles of their own.

The check digits here are computed by this file's own code (the GB 11643 weights written out,
the Luhn rule step by step) and, for ID numbers, by python-stdnum's ``cn.ric.calc_check_digit``
as a second oracle: never by the code under test.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from baodao.model.personal import (
    BANK_CARD,
    COMPAT_UTF8,
    ID_NUMBER,
    MOBILE,
    NAME,
    NameFinder,
    find_all,
    findings_by_line,
    mask,
    normalise,
    normalises,
)

# GB 11643-1999 table of weights W_i = 2^(17-i) mod 11, written out by hand.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# Sum mod 11 → check character, from the standard's table.
CHECK = {0: "1", 1: "0", 2: "X", 3: "9", 4: "8", 5: "7", 6: "6", 7: "5", 8: "4", 9: "3", 10: "2"}


def own_check(body17: str) -> str:
    return CHECK[sum(int(c) * w for c, w in zip(body17, WEIGHTS, strict=True)) % 11]


def own_luhn_digit(body: str) -> str:
    """The digit that completes ``body`` to a Luhn-valid number."""
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:  # doubled: these stand at odd positions from the right once completed
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


FILLER = st.text(alphabet="居民张三的身份证号码手机卡在这里，。：；、（）【】 \n", max_size=12)
REGION = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
BIRTH = st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31))
SEQ = st.from_regex(r"[0-9]{3}", fullmatch=True)
MANY = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))


@st.composite
def id_bodies(draw) -> str:
    return draw(REGION) + draw(BIRTH).strftime("%Y%m%d") + draw(SEQ)


def test_known_id_numbers() -> None:
    # The standard's worked example, and a real-format number checked by hand.
    assert own_check("11010519491231002") == "X"
    assert [f.kind for f in find_all("证号 11010519491231002X。")] == [ID_NUMBER]
    assert find_all("证号 110105194912310021。") == []  # wrong check digit
    assert find_all("证号 110105194902300021。") == []  # 30 February: no such birth date


@MANY
@given(id_bodies(), FILLER, FILLER, st.booleans())
def test_every_valid_id_number_is_found(body: str, before: str, after: str, lower: bool) -> None:
    check = own_check(body)
    assert ric.calc_check_digit(body + "0") == check  # second oracle agrees
    number = body + (check.lower() if lower else check)
    found = [f for f in find_all(before + number + after) if f.kind == ID_NUMBER]
    assert [f.value for f in found] == [number.upper()]
    assert number not in found[0].masked


@MANY
@given(id_bodies(), st.sampled_from("0123456789X"), FILLER, FILLER)
def test_no_id_number_with_a_wrong_check_digit(
    body: str, digit: str, before: str, after: str
) -> None:
    if digit == own_check(body):
        digit = "X" if digit == "0" else "0"
    assert digit != ric.calc_check_digit(body + "0")
    found = find_all(before + body + digit + after)
    assert [f for f in found if f.kind == ID_NUMBER] == []


def test_old_fifteen_digit_id_numbers() -> None:
    assert [f.kind for f in find_all("旧证 110105491231002")] == [ID_NUMBER]
    assert find_all("旧证 110105491331002") == []  # month 13


WRITINGS = {
    "plain": lambda d: d,
    "hyphens": lambda d: f"{d[:3]}-{d[3:7]}-{d[7:]}",
    "spaces": lambda d: f"{d[:3]} {d[3:7]} {d[7:]}",
    "+86": lambda d: f"+86 {d[:3]} {d[3:7]} {d[7:]}",
    "0086": lambda d: f"0086{d}",
    "full-width": lambda d: "".join(chr(ord(c) + 0xFEE0) for c in d),
}


@MANY
@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(sorted(WRITINGS)),
    FILLER,
    FILLER,
)
def test_every_mobile_is_found_in_six_writings(
    digits: str, how: str, before: str, after: str
) -> None:
    found = find_all(before + WRITINGS[how](digits) + after)
    assert [(f.kind, f.value) for f in found] == [(MOBILE, digits)]


@MANY
@given(
    st.from_regex(r"1[0-2][0-9]{9}", fullmatch=True),
    st.sampled_from(sorted(WRITINGS)),
    FILLER,
    FILLER,
)
def test_no_mobile_outside_the_mobile_ranges(
    digits: str, how: str, before: str, after: str
) -> None:
    assert [f for f in find_all(before + WRITINGS[how](digits) + after) if f.kind == MOBILE] == []


@settings(max_examples=2_000, deadline=None)
@given(st.integers(16, 19), st.sampled_from("3456"), st.data())
def test_luhn_valid_bank_cards_are_found(length: int, first: str, data) -> None:
    body = first + data.draw(st.from_regex(rf"[0-9]{{{length - 2}}}", fullmatch=True))
    card = body + own_luhn_digit(body)
    found = find_all(f"卡号：{card}。")
    if found and found[0].kind == ID_NUMBER:  # an 18-digit card that is also an ID number
        return
    if length == 18 and uscc.calc_check_digit(card[:17]) == card[17]:
        return  # also a valid unified social credit code: a unit's public code, not a card
    assert [(f.kind, f.value) for f in found] == [(BANK_CARD, card)]
    wrong = body + str((int(own_luhn_digit(body)) + 1) % 10)
    assert [f for f in find_all(f"卡号：{wrong}。") if f.kind == BANK_CARD] == []


def test_bank_card_in_groups_of_four() -> None:
    # 6222 0212 3456 7890 128: Luhn checked by hand (sum 50).
    assert [f.kind for f in find_all("卡号 6222 0212 3456 7890 128")] == [BANK_CARD]


def test_names_anywhere_in_a_sentence() -> None:
    names = NameFinder(["李海", "王芳芳", "高峰"], shown=["李海燕"])
    found = find_all("负责人王芳芳同志和李海燕一起走访；李海同志也来了", names)
    assert [(f.kind, f.value, f.masked) for f in found] == [
        (NAME, "王芳芳", "王**"),
        (NAME, "李海", "李*"),
    ]
    # A two-character name is a word too: it counts only beside a word that marks a person.
    assert find_all("上下班高峰拥堵", names) == []
    assert [f.value for f in find_all("联系人：高峰", names)] == ["高峰"]


def test_lines_count_in_the_normalised_text() -> None:
    text = "第一行\n第二行 １３９ １２３４ ５６７８\n"
    assert [(line, f.kind) for line, f in findings_by_line(text)] == [(2, MOBILE)]


def test_masks_never_show_the_value() -> None:
    assert mask("11010519491231002X") == "110*************2X"
    assert mask("13912345678") == "139******78"
    assert mask("李海燕") == "李**"
    assert mask("李海") == "李*"


# The name search, written the slow way as this file's own oracle: every place each hidden
# name stands (str.find), kept if it is three characters or more or stands beside one of the
# marks these texts use, and not inside a consented name.
_ORACLE_BEFORE, _ORACLE_AFTER = ("负责人", "同志"), ("同志",)
NAME_PIECES = st.sampled_from(
    ["李海", "王芳芳", "高峰", "周明", "李海燕", "负责人", "同志", "：", ": ", " ", "\n", "a",
     "1", "id: x-1", "的", "上下班", "拥堵", "海", "李", "燕", "芳", "Anna", "明"]
)  # fmt: skip


def _oracle(text: str, hidden: list[str], shown: list[str]) -> list[tuple[int, str]]:
    def every(name: str) -> list[int]:
        at, out = text.find(name), []
        while at >= 0:
            out.append(at)
            at = text.find(name, at + 1)
        return out

    covered = [(i, i + len(s)) for s in shown for i in every(s)]
    hits = []
    for name in set(hidden) - set(shown):
        for i in every(name):
            j = i + len(name)
            cued = text[max(0, i - 6) : i].rstrip(" :：　").endswith(_ORACLE_BEFORE) or text[
                j : j + 4
            ].startswith(_ORACLE_AFTER)
            inside = any(a <= i and j <= b for a, b in covered)
            if (len(name) > 2 or cued) and not inside:
                hits.append((i, name))
    return sorted(hits)


@settings(max_examples=3_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(NAME_PIECES, max_size=14), st.booleans())
def test_names_are_found_where_a_plain_search_finds_them(pieces, ascii_name) -> None:
    # Registries of Chinese names search the text's non-ASCII runs first (model/personal.py);
    # one name with an ASCII letter turns that off. Either way: what the slow search finds.
    hidden = ["李海", "王芳芳", "高峰", "周明"] + (["Anna"] if ascii_name else [])
    shown = ["李海燕"]
    text = normalise("".join(pieces))
    found = [(f.start, f.value) for f in NameFinder(hidden, shown).find(text)]
    assert sorted(found) == _oracle(text, hidden, shown)


def test_a_name_beside_ascii_is_found_and_one_split_by_ascii_is_not() -> None:
    names = NameFinder(["周明", "王芳芳"])
    assert [f.value for f in names.find("contact: 负责人: 周明\nid: x")] == ["周明"]
    assert [f.value for f in names.find("王芳芳 (id: p-1)")] == ["王芳芳"]
    assert names.find("负责人: 周 明") == []
    assert names.find("王芳\n芳") == []


def test_bytes_without_a_compat_mark_hold_nothing_normalise_changes() -> None:
    # Every character there is: one that ``normalise`` would turn (１, ①, 𝟏, 　 …) has UTF-8
    # that COMPAT_UTF8 finds, so a table without a match needs no normalising to be read as
    # the detectors read it (checks/privacy.table_may_hold_number).
    missed = [
        hex(cp)
        for cp in range(0x80, 0x110000)
        if not 0xD800 <= cp <= 0xDFFF
        and normalises(chr(cp))
        and not COMPAT_UTF8.search(chr(cp).encode("utf-8"))
    ]
    assert missed == []
    assert not COMPAT_UTF8.search("路灯不亮，报修人（李）：２".encode()[:-3])
