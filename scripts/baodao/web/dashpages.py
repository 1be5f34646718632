"""Dashboard pages (一屏知全域, seeds 002/004): the district, each street and each community on one
screen, drawn from the same summaries as the dashboard JSON (``dashboard.summaries``), so a
figure on the page and in the data file are the same figure.

Headline figures first (large type, one line each), then bar charts rendered at build (SVG,
readable without JavaScript) each with its data table. The district and street pages compare
their streets or communities; every count of people arrives already suppressed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .charts import Bar
from .dashboard import summaries
from .publicview import PublicView
from .ratingsview import period_zh


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    note: str = ""
    link: str = ""  # docs path of the page that explains the figure


@dataclass(frozen=True)
class Chart:
    title: str
    columns: tuple[str, str]
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class DashPage:
    path: str  # docs path
    level: str
    name: str
    data_file: str  # the JSON beside it
    cards: tuple[Card, ...]
    charts: tuple[Chart, ...]
    children: tuple[tuple[str, str], ...]  # (name, docs path) of the streets / communities
    parent: tuple[str, str] | None = None


def _number(text: Any) -> float | None:
    """A published figure as a number for a bar: "83.1%" → 83.1, "1,200.00" → 1200; None when
    the figure is withheld ("少于 5", "—")."""
    m = re.fullmatch(r"-?[\d,]+(\.\d+)?%?", str(text).strip())
    return float(str(text).replace(",", "").rstrip("%")) if m else None


def _bars(pairs: dict[str, Any]) -> tuple[Bar, ...]:
    return tuple(Bar(k, _number(v), str(v)) for k, v in pairs.items())


def _cards(d: dict[str, Any]) -> list[Card]:
    out = []
    if r := d.get("registrations"):
        out.append(
            Card(
                "驻区单位报到",
                f"{r['units_reported']} 个",
                f"{r['year']} 年；未报到 {r['units_not_reported']} 个",
                "u/index.md",
            )
        )
    if m := d.get("member_assessment"):
        out.append(
            Card(
                "在职党员报到",
                f"{m['reported']} 名",
                f"参与率 {m['rate']}，服务 {m['hours']} 小时",
                "a/index.md",
            )
        )
    if (r := d.get("requests")) and r.get("raised"):
        out.append(
            Card(
                "吹哨报到按时办结率",
                r["on_time_rate"],
                f"{r['period']} 年 {r['raised']} 件，满意率 {r['satisfaction_rate']}",
                f"gov/requests-{r['period']}.md",
            )
        )
    if f := d.get("force"):
        out.append(
            Card(
                "“3+1”力量指数",
                f["index"] if f["index"] != "—" else "不计算",
                (
                    f"{f['grade']}；可用力量 {f['total']} 人"
                    if f["index"] != "—"
                    else f"有指标涉及不足 5 人，不公开，也不计算指数；可用力量 {f['total']} 人"
                ),
                f"gov/force-{f['period']}.md",
            )
        )
    if c := d.get("coverage"):
        out.append(
            Card(
                "小区党组织覆盖",
                c["compounds"],
                f"网格 {c['grids']}，楼栋 {c['buildings']}",
                "gov/coverage.md",
            )
        )
    if s := d.get("branch_stars"):
        four_up = sum(n for g, n in s["grades"].items() if g in ("五星", "四星"))
        out.append(
            Card(
                "四星以上小区党支部",
                f"{four_up} 个",
                f"共 {s['branches']} 个支部参评（{period_zh(s['period'])}）",
                f"a/stars-{s['period'].lower()}.md",
            )
        )
    if c := d.get("community_assessment"):
        if "rank" in c:
            out.append(
                Card(
                    "社区综合考核",
                    f"第 {c['rank']} 名",
                    f"共 {c['of']} 个社区，{c['total']} 分{('，' + c['outcome']) if c['outcome'] else ''}",
                    f"a/communities-{c['period'].lower()}.md",
                )
            )
        else:
            words = (
                "、".join(f"{k} {v} 个" for k, v in sorted(c["outcomes"].items())) or "无表彰、预警"
            )
            out.append(
                Card(
                    "社区综合考核",
                    words,
                    f"{c['communities']} 个社区（{period_zh(c['period'])}）",
                    f"a/communities-{c['period'].lower()}.md",
                )
            )
    if p := d.get("property"):
        out.append(
            Card(
                "物业红黑榜",
                f"红榜 {p['red']} · 黑榜 {p['black']}",
                f"{p['compounds']} 个小区，未评议 {p['not_evaluated']}（{period_zh(p['period'])}）",
                f"a/property-{p['period'].lower()}.md",
            )
        )
    if h := d.get("hotline"):
        out.append(
            Card(
                "12345 工单",
                f"{h['tickets']} 件" if _number(h["tickets"]) is not None else h["tickets"],
                f"专班攻坚小区 {h['task_force']} 个（{period_zh(h['period'])}）",
                f"a/hotline-{h['period'].lower()}.md",
            )
        )
    return out


def _charts(d: dict[str, Any], children: list[dict[str, Any]], child_word: str) -> list[Chart]:
    out = []
    if s := d.get("branch_stars"):
        out.append(
            Chart(
                f"小区党支部星级（{period_zh(s['period'])}）",
                ("星级", "支部数"),
                _bars(s["grades"]),
            )
        )
    if c := d.get("coverage"):
        shares = {
            "网格": c["grids"],
            "小区": c["compounds"],
            "楼栋": c["buildings"],
            "业委会": c["owners_committees"],
            "物业项目": c["property_projects"],
        }
        out.append(Chart("党组织覆盖（%）", ("对象", "覆盖率"), _bars(shares)))
    if f := d.get("funds"):
        rates = {k: v["rate"] for k, v in f.items() if isinstance(v, dict)}
        if rates:
            out.append(
                Chart(
                    f"经费执行率（{period_zh(f['period'])}，%）", ("经费", "执行率"), _bars(rates)
                )
            )
    if u := d.get("unit_assessment"):
        out.append(
            Chart(
                f"驻区单位考核等级（{period_zh(u['period'])}）",
                ("等级", "单位数"),
                _bars(u["grades"]),
            )
        )
    if children:
        on_time = {c["name"]: (c.get("requests") or {}).get("on_time_rate", "—") for c in children}
        out.append(
            Chart(
                f"各{child_word}吹哨报到按时办结率（%）", (child_word, "按时办结率"), _bars(on_time)
            )
        )
        tickets = {c["name"]: (c.get("hotline") or {}).get("tickets", 0) for c in children}
        out.append(Chart(f"各{child_word} 12345 工单（件）", (child_word, "工单"), _bars(tickets)))
    return out


def dash_pages(view: PublicView) -> Iterator[DashPage]:
    data = summaries(view)
    by_street: dict[str, list[dict[str, Any]]] = {}
    for d in data.values():
        if d["level"] == "community":
            by_street.setdefault(d["street"], []).append(d)
    streets = [d for d in data.values() if d["level"] == "street"]
    for rel, d in data.items():
        if d["level"] == "district":
            path, children, word = "dash/index.md", streets, "街道"
            kids = tuple((c["name"], f"dash/{c['id']}.md") for c in streets)
            parent = None
        elif d["level"] == "street":
            path, children, word = f"dash/{d['id']}.md", by_street.get(d["id"], []), "社区"
            kids = tuple((c["name"], f"dash/c/{c['id']}.md") for c in children)
            parent = (view.district_name, "dash/index.md")
        else:
            path, children, word, kids = f"dash/c/{d['id']}.md", [], "", ()
            street = next((s for s in streets if s["id"] == d.get("street")), None)
            parent = (street["name"], f"dash/{street['id']}.md") if street else None
        yield DashPage(
            path,
            d["level"],
            d["name"],
            rel,
            tuple(_cards(d)),
            tuple(_charts(d, children, word)),
            kids,
            parent,
        )
