"""经费: community work funds, service funds and branch subsidies per period, used openly.

Amounts are kept in fen (integers), so a declared total either equals the sum of its items or it
does not; ``checks/governance.py`` reports the files where it does not (FUND001).

The subsidy a branch is due comes from the star rating (评星定级, seed 003: 4★ and above get a
subsidy set in its rules), which is another module's result: it is passed in as
``{branch id: yuan}`` and shown beside what the funds records say was paid to each branch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..records.dataset import Dataset, Record
from . import registry

KIND_ZH = registry.default().labels("funds", "funds", "*", "kind")


def fen(yuan: object) -> int:
    return (
        round(float(yuan) * 100)
        if isinstance(yuan, int | float) and not isinstance(yuan, bool)
        else 0
    )


def yuan(fen_amount: int) -> str:
    return f"{fen_amount / 100:,.2f}"


@dataclass(frozen=True)
class Use:
    date: str
    purpose: str
    amount: int  # fen
    branch: str


@dataclass(frozen=True)
class Fund:
    community: str
    period: str
    kind: str
    budget: int  # fen
    spent: int  # fen, as declared
    uses: tuple[Use, ...]
    note: str
    ref: str
    index: int = 0  # position in the record's ``funds`` list

    @property
    def items_sum(self) -> int:
        return sum(u.amount for u in self.uses)


@dataclass
class Totals:
    budget: int = 0
    spent: int = 0

    @property
    def rate(self) -> float | None:
        return round(100 * self.spent / self.budget, 1) if self.budget else None


@dataclass(frozen=True)
class Subsidy:
    branch: str
    due: int  # fen
    paid: int  # fen

    @property
    def gap(self) -> int:
        return self.due - self.paid


@dataclass(frozen=True)
class FundsSummary:
    period: str
    funds: tuple[Fund, ...]  # by community, kind
    by_community: Mapping[str, Mapping[str, Totals]]  # community → kind → totals
    by_street: Mapping[str, Mapping[str, Totals]]
    district: Mapping[str, Totals]
    subsidies: tuple[Subsidy, ...]  # every branch paid or due a subsidy
    periods: tuple[str, ...] = field(default_factory=tuple)


def funds_of(rec: Record) -> list[Fund]:
    out = []
    for i, f in enumerate(rec.get("funds") or []):
        if not isinstance(f, dict):
            continue
        uses = tuple(
            Use(
                str(u.get("date") or ""),
                str(u.get("purpose") or ""),
                fen(u.get("amount")),
                str(u.get("branch") or ""),
            )
            for u in f.get("uses") or []
            if isinstance(u, dict)
        )
        out.append(
            Fund(
                rec.get("community", ""),
                str(rec.get("period", "")),
                str(f.get("kind", "")),
                fen(f.get("budget")),
                fen(f.get("spent")),
                uses,
                str(f.get("note") or ""),
                f"{rec.file}:{rec.line_of(('funds', i))}",
                i,
            )
        )
    return out


def periods(ds: Dataset) -> tuple[str, ...]:
    return tuple(sorted({str(r.get("period")) for r in ds.of("funds").values()}))


def summarise(
    ds: Dataset, period: str, subsidy_due: Mapping[str, int | float] | None = None
) -> FundsSummary:
    """Funds of one period; ``subsidy_due`` is {branch id: yuan due} from the star rating."""
    funds: list[Fund] = []
    for rec in ds.of("funds").values():
        if str(rec.get("period")) == period:
            funds.extend(funds_of(rec))
    funds.sort(key=lambda f: (f.community, f.kind))
    street_of = {c.id: c.get("street", "") for c in ds.of("community").values()}
    by_community: dict[str, dict[str, Totals]] = {}
    by_street: dict[str, dict[str, Totals]] = {}
    district: dict[str, Totals] = {}
    paid: dict[str, int] = {}
    for f in funds:
        for group in (
            by_community.setdefault(f.community, {}),
            by_street.setdefault(street_of.get(f.community, ""), {}),
            district,
        ):
            t = group.setdefault(f.kind, Totals())
            t.budget += f.budget
            t.spent += f.spent
        if f.kind == "branch_subsidy":
            for u in f.uses:
                if u.branch:
                    paid[u.branch] = paid.get(u.branch, 0) + u.amount
    due = {b: fen(v) for b, v in (subsidy_due or {}).items()}
    subsidies = tuple(
        Subsidy(b, due.get(b, 0), paid.get(b, 0)) for b in sorted(set(due) | set(paid))
    )
    return FundsSummary(
        period, tuple(funds), by_community, by_street, district, subsidies, periods(ds)
    )
