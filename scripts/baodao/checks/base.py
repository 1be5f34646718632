"""What every check shares: the context it reads and how it words a problem."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from ..model.codelists import code_lists
from ..model.paths import as_list
from ..model.rules import RulesInForce
from ..records.dataset import Dataset, Record
from ..records.schemas import SchemaSet


@dataclass(frozen=True)
class Context:
    ds: Dataset
    schemas: SchemaSet
    as_of: dt.date
    rules: RulesInForce  # validation rules in force on as_of

    @cached_property
    def groups(self) -> dict[str, tuple[Record, int]]:
        """Building group id -> (its branch, index in ``groups``)."""
        out: dict[str, tuple[Record, int]] = {}
        for br in self.ds.of("branch").values():
            for i, g in enumerate(as_list(br.data.get("groups"))):
                if isinstance(g, dict) and isinstance(g.get("id"), str):
                    out.setdefault(g["id"], (br, i))
        return out

    @cached_property
    def _codes(self) -> dict[str, dict[str, str]]:
        return code_lists(self.ds)

    def codes(self, list_id: str) -> dict[str, str]:
        """Code → Chinese name of a code list in data/codes/ (empty if the list is missing)."""
        return self._codes.get(list_id, {})
