"""Chinese labels of code values shown to editors and residents."""

from __future__ import annotations

# One set of words for a status, in messages and on the site.
STATUS_ZH = {"open": "待认领", "matched": "已对接", "met": "已满足", "closed": "已关闭", "planned": "计划中",
             "active": "实施中", "done": "已完成", "dropped": "已终止"}  # fmt: skip
