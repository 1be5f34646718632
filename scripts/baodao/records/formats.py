"""Formats that records use: dates, phones, unified social credit codes, resident ID numbers.

Check digits use python-stdnum's ``calc_check_digit`` only: its ``cn.ric.validate`` rejects real
ID numbers whose county code is newer than the birth date, and ``cn.uscc.validate`` rejects
valid codes that start with A, N or Y (docs/privacy.md).
"""

from __future__ import annotations

import datetime as dt
import re

from stdnum.cn import ric, uscc

_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SERVICE = re.compile(r"(12345|12[0-9]{3}|[48]00-?\d{3}-?\d{4})")

MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def is_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_phone(value: object) -> bool:
    if not isinstance(value, str):
        return False
    v = value.replace(" ", "")
    return bool(_LANDLINE.fullmatch(v) or _MOBILE.fullmatch(v) or _SERVICE.fullmatch(v))


def is_mobile(value: str) -> bool:
    return bool(_MOBILE.fullmatch(value.replace(" ", "").replace("-", "")))


def is_uscc(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 18:
        return False
    v = value.upper()
    if not re.fullmatch(r"[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}", v):
        return False
    try:
        return uscc.calc_check_digit(v[:17]) == v[17]
    except Exception:  # stdnum raises on characters outside the code's alphabet
        return False


def is_id_number(candidate: str) -> bool:
    """A checksum-valid 18-digit resident ID number with a real birth date."""
    if len(candidate) != 18:
        return False
    try:
        birth = dt.date(int(candidate[6:10]), int(candidate[10:12]), int(candidate[12:14]))
    except ValueError:
        return False
    if birth.year < 1900:
        return False
    return ric.calc_check_digit(candidate[:17]) == candidate[17].upper()


def find_id_numbers(text: str) -> list[str]:
    return [m.group(0) for m in ID_IN_TEXT.finditer(text) if is_id_number(m.group(0))]


def find_mobiles(text: str) -> list[str]:
    return MOBILE_IN_TEXT.findall(text)


def make_uscc(body17: str) -> str:
    """Complete a 17-character body with its check digit (used by the demo generator)."""
    return body17 + uscc.calc_check_digit(body17)


def make_id_number(body17: str) -> str:
    """Complete a body with its check digit: only tests use this, to plant canaries."""
    return body17 + ric.calc_check_digit(body17)


FORMAT_CHECKS = {"date": is_date, "phone": is_phone, "uscc": is_uscc}
