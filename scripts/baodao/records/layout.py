"""Where each record type lives in the two data roots.

The folder a record sits in is part of the record: ``data/<street>/<community>/`` is one
community editor's scope, so a compound copied into another community's folder is caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PUBLIC = "public"
PRIVATE = "private"

# Top-level folders of data/ that are not streets.
RESERVED = frozenset(
    {"units", "home-orgs", "property-companies", "stations", "notices", "calendar", "codes",
     "rules", "results", "evaluations", "hotline", "admission"}
)  # fmt: skip

_ID = r"(?P<id>[^/]+)"
_STREET = r"(?P<street>[^/]+)"
_COMMUNITY = r"(?P<community>[^/]+)"


@dataclass(frozen=True)
class RecordType:
    name: str
    title: str  # Chinese, for messages
    root: str  # PUBLIC or PRIVATE
    pattern: re.Pattern[str]  # relative to the root
    fmt: str  # "yaml", "markdown" or "csv"
    member_level: bool = False  # member-level types never live under data/
    table: str | None = None  # CSV: the resource in schemas/datapackage.json


def _t(name: str, title: str, root: str, pattern: str, fmt: str = "yaml", **kw) -> RecordType:
    return RecordType(name, title, root, re.compile(pattern + r"\Z"), fmt, **kw)


RECORD_TYPES: tuple[RecordType, ...] = (
    _t("district", "区", PUBLIC, r"district\.yaml"),
    _t("editors", "编辑权限", PUBLIC, r"editors\.yaml"),
    _t("unit", "驻区单位", PUBLIC, rf"units/{_ID}\.yaml"),
    _t("home_org", "党员所在党组织", PUBLIC, rf"home-orgs/{_ID}\.yaml"),
    _t("property_company", "物业服务企业", PUBLIC, rf"property-companies/{_ID}\.yaml"),
    _t("station", "党群服务中心/站", PUBLIC, rf"stations/{_ID}\.yaml"),
    _t(
        "notice",
        "公示",
        PUBLIC,
        rf"notices/(?P<date>\d{{4}}-\d{{2}}-\d{{2}})-{_ID}\.md",
        "markdown",
    ),
    _t("notice_lock", "已发布公示的内容哈希", PUBLIC, r"notices/published\.yaml"),
    _t("calendar", "工作日历", PUBLIC, r"calendar/(?P<id>\d{4})\.yaml"),
    _t("codelist", "代码表", PUBLIC, rf"codes/{_ID}\.yaml"),
    _t("rules_validation", "校验规则", PUBLIC, rf"rules/validation/{_ID}\.yaml"),
    _t("rules_registration", "报到规则", PUBLIC, rf"rules/registration/{_ID}\.yaml"),
    _t(
        "rules_member_assessment",
        "在职党员考核规则",
        PUBLIC,
        rf"rules/member-assessment/{_ID}\.yaml",
    ),
    _t("rules_unit_assessment", "驻区单位考核规则", PUBLIC, rf"rules/unit-assessment/{_ID}\.yaml"),
    _t("rules_branch_stars", "小区党支部评星定级规则", PUBLIC, rf"rules/branch-stars/{_ID}\.yaml"),
    _t(
        "rules_community_assessment",
        "社区综合考核规则",
        PUBLIC,
        rf"rules/community-assessment/{_ID}\.yaml",
    ),
    _t(
        "rules_property_evaluation",
        "物业服务评议规则",
        PUBLIC,
        rf"rules/property-evaluation/{_ID}\.yaml",
    ),
    _t("rules_hotline", "12345 热线工单规则", PUBLIC, rf"rules/hotline/{_ID}\.yaml"),
    # Each evaluator enters its scores in its own folder: that folder is its editing scope.
    _t(
        "community_score",
        "社区综合考核评分",
        PUBLIC,
        rf"evaluations/community/(?P<evaluator>[^/]+)/{_ID}\.yaml",
    ),
    _t(
        "frozen_result",
        "冻结的考核结果",
        PUBLIC,
        r"results/(?P<assessment>unit-assessment|branch-stars|community-assessment|property-evaluation)/(?P<id>[^/]+)\.json",
        "json",
    ),
    # Governance transparency (issue 6): see assess/requests.py, force.py, coverage.py, funds.py.
    _t("rules_requests", "吹哨报到规则", PUBLIC, rf"rules/requests/{_ID}\.yaml"),
    _t("rules_force_index", "“3+1”指数规则", PUBLIC, rf"rules/force-index/{_ID}\.yaml"),
    _t("rules_coverage", "组织覆盖规则", PUBLIC, rf"rules/coverage/{_ID}\.yaml"),
    _t("admission_list", "社区工作准入清单", PUBLIC, rf"admission/{_ID}\.yaml"),
    _t("street", "街道", PUBLIC, rf"{_STREET}/street\.yaml"),
    _t("station", "党群服务中心/站", PUBLIC, rf"{_STREET}/stations/{_ID}\.yaml"),
    _t("community", "社区", PUBLIC, rf"{_STREET}/{_COMMUNITY}/community\.yaml"),
    _t("compound", "小区", PUBLIC, rf"{_STREET}/{_COMMUNITY}/compounds/{_ID}\.yaml"),
    _t("grid", "网格", PUBLIC, rf"{_STREET}/{_COMMUNITY}/grids/{_ID}\.yaml"),
    _t("branch", "党支部", PUBLIC, rf"{_STREET}/{_COMMUNITY}/branches/{_ID}\.yaml"),
    _t("station", "党群服务中心/站", PUBLIC, rf"{_STREET}/{_COMMUNITY}/stations/{_ID}\.yaml"),
    _t(
        "unit_registration",
        "驻区单位报到",
        PUBLIC,
        rf"{_STREET}/{_COMMUNITY}/registrations/{_ID}\.yaml",
    ),
    _t(
        "unit_report",
        "单位履行社会责任报告",
        PUBLIC,
        rf"{_STREET}/{_COMMUNITY}/unit-reports/{_ID}\.yaml",
    ),
    _t(
        "unit_evaluation",
        "社区对单位的评价",
        PUBLIC,
        rf"{_STREET}/{_COMMUNITY}/evaluations/{_ID}\.yaml",
    ),
    _t(
        "branch_review",
        "小区党支部评议",
        PUBLIC,
        rf"{_STREET}/{_COMMUNITY}/branch-reviews/{_ID}\.yaml",
    ),
    _t(
        "property_evaluation",
        "物业服务评议",
        PUBLIC,
        rf"{_STREET}/{_COMMUNITY}/property-evaluations/{_ID}\.yaml",
    ),
    _t("resource", "资源", PUBLIC, rf"{_STREET}/{_COMMUNITY}/lists/resources/{_ID}\.yaml"),
    _t("need", "需求", PUBLIC, rf"{_STREET}/{_COMMUNITY}/lists/needs/{_ID}\.yaml"),
    _t("project", "项目", PUBLIC, rf"{_STREET}/{_COMMUNITY}/lists/projects/{_ID}\.yaml"),
    _t("wish", "微心愿", PUBLIC, rf"{_STREET}/{_COMMUNITY}/lists/wishes/{_ID}\.yaml"),
    _t("team", "志愿服务队", PUBLIC, rf"{_STREET}/{_COMMUNITY}/lists/teams/{_ID}\.yaml"),
    _t("event", "活动", PUBLIC, rf"{_STREET}/{_COMMUNITY}/lists/events/{_ID}\.yaml"),
    _t(
        "request",
        "吹哨报到事项",
        PUBLIC,
        rf"{_STREET}/{_COMMUNITY}/requests/(?P<year>\d{{4}})\.csv",
        "csv",
        table="requests",
    ),
    _t(
        "request_total",
        "吹哨报到汇总",
        PUBLIC,
        rf"{_STREET}/{_COMMUNITY}/requests/(?P<year>\d{{4}})-totals\.csv",
        "csv",
        table="request_totals",
    ),
    _t("funds", "经费收支", PUBLIC, rf"{_STREET}/{_COMMUNITY}/funds/{_ID}\.yaml"),
    _t(
        "person",
        "人员名册",
        PRIVATE,
        r"people/[^/]+\.csv",
        "csv",
        member_level=True,
        table="people",
    ),
    _t(
        "member_registration",
        "在职党员报到",
        PRIVATE,
        rf"{_STREET}/{_COMMUNITY}/members/(?P<year>\d{{4}})\.csv",
        "csv",
        member_level=True,
        table="member_registrations",
    ),
    _t(
        "activity",
        "在职党员活动记录",
        PRIVATE,
        rf"{_STREET}/{_COMMUNITY}/activities/(?P<year>\d{{4}})\.csv",
        "csv",
        member_level=True,
        table="activity_log",
    ),
    # 12345 tickets per compound, month and category: most cells are under 5 (a compound's one
    # parking complaint in March points at its caller), so the table and its frozen results
    # live in the private root; the site shows them aggregated and suppressed (web/suppression.py).
    _t(
        "hotline_ticket",
        "12345 热线工单汇总",
        PRIVATE,
        r"hotline/(?P<year>\d{4})\.csv",
        "csv",
        table="hotline_tickets",
    ),
    _t(
        "frozen_result",
        "冻结的考核结果",
        PRIVATE,
        r"results/(?P<assessment>member-assessment|hotline)/(?P<id>[^/]+)\.json",
        "json",
        member_level=True,
    ),
)

# Patterns that mark member-level data wherever it appears under data/ (PIPL: a public
# repository publishes everything in it). Checked on every file of the public root.
MEMBER_LEVEL_HINTS = re.compile(
    r"(^|/)(people|persons|members|activities|member-registrations)(/|\.)|(^|/)results/member-assessment/"
)
MEMBER_LEVEL_COLUMNS = frozenset({"person", "person_id", "id_number", "身份证号", "姓名"})


@dataclass(frozen=True)
class Match:
    type: RecordType
    groups: dict[str, str]


def classify(root: str, rel: str) -> Match | None:
    """The record type of a file at ``rel`` (posix, relative to its root), or None."""
    for rt in RECORD_TYPES:
        if rt.root != root:
            continue
        m = rt.pattern.match(rel)
        if m is None:
            continue
        groups = {k: v for k, v in m.groupdict().items() if v is not None}
        if "street" in groups and groups["street"] in RESERVED:
            continue
        return Match(rt, groups)
    return None


def member_level_type_for(rel: str) -> RecordType | None:
    """The member-level type a public-root file would be, if it looks like one."""
    for rt in RECORD_TYPES:
        if rt.member_level and rt.pattern.match(rel):
            return rt
    return None
