"""Formats of typed fields: dates, phones, unified social credit codes.

Personal data in free text (ID numbers, mobiles, bank cards, names) is found by
``model.personal``.

The check digit uses python-stdnum's ``calc_check_digit`` only: ``cn.uscc.validate`` rejects
valid codes that start with A, N or Y (docs/privacy.md).
"""

from __future__ import annotations

import datetime as dt
import re

from stdnum.cn import uscc

_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SERVICE = re.compile(r"(12345|12[0-9]{3}|[48]00-?\d{3}-?\d{4})")


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


def make_uscc(body17: str) -> str:
    """Complete a 17-character body with its check digit (used by the demo generator)."""
    return body17 + uscc.calc_check_digit(body17)


FORMAT_CHECKS = {"date": is_date, "phone": is_phone, "uscc": is_uscc}
