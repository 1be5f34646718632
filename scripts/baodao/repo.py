"""Where a data repository's parts are: the public root, the private root and the schemas."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .checks import run_checks
from .problems import Problem, fold_causes
from .records.dataset import Dataset
from .records.load import load
from .records.schemas import SchemaSet

# The repository this code ships in: its schemas/, site/ and mkdocs.yml serve a data repository
# that has none of its own (e.g. the generated city data set).
CODE_ROOT = Path(__file__).resolve().parents[2]
CODE_SCHEMAS = CODE_ROOT / "schemas"


@dataclass(frozen=True)
class Repo:
    root: Path
    private_root: Path | None
    schemas_dir: Path

    @classmethod
    def locate(cls, root: Path, private: Path | None = None, no_private: bool = False,
               schemas: Path | None = None) -> Repo:  # fmt: skip
        root = root.resolve()
        if no_private:
            private = None
        elif private is None and (root / "private").is_dir():
            private = root / "private"
        if schemas is None:
            schemas = root / "schemas" if (root / "schemas").is_dir() else CODE_SCHEMAS
        return cls(root, private.resolve() if private else None, schemas)

    def load_and_check(
        self, as_of: dt.date, checks: tuple | None = None
    ) -> tuple[Dataset, SchemaSet, list[Problem]]:
        """Load both roots and check them (all checks, or only ``checks``: see ASSESSMENT_INPUTS)."""
        schemas = SchemaSet.load(self.schemas_dir)
        ds, load_problems = load(self.root, self.private_root, schemas)
        found = (
            run_checks(ds, schemas, as_of)
            if checks is None
            else run_checks(ds, schemas, as_of, checks)
        )
        return ds, schemas, fold_causes([*load_problems, *found])


def resolve_as_of(value: str | None) -> dt.date:
    """The as-of date: given, else the commit's date (SOURCE_DATE_EPOCH), else today."""
    if value:
        return dt.date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()
