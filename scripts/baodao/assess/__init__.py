"""assess: pure functions from a Dataset, the rules of a period and an as-of date to results.

Each assessment is a module with ``assess(ds, period, as_of) -> Assessment``; the engine
(engine.py) turns measured values into points, grades and ranks the same way for all of them.
"""

from __future__ import annotations

from . import force, members, requests, units

ASSESSMENTS = {"members": members, "units": units, "requests": requests, "force": force}
