"""assess: pure functions from a Dataset, the rules of a period and an as-of date to results.

Each assessment is a module with ``assess(ds, period, as_of) -> Assessment``; the engine
(engine.py) turns measured values into points, grades and ranks the same way for all of them.
"""

from __future__ import annotations

from . import communities, force, hotline, members, property_service, requests, stars, units

# name → module; each module has TITLE, has_inputs(ds, period) and assess(ds, period, as_of).
ASSESSMENTS = {
    "members": members,
    "units": units,
    "stars": stars,
    "communities": communities,
    "property": property_service,
    "hotline": hotline,
    "requests": requests,
    "force": force,
}

# The rules type of each assessment: its rules say the cadence of its periods.
RULES_TYPE = {
    "members": "rules_member_assessment",
    "units": "rules_unit_assessment",
    "stars": "rules_branch_stars",
    "communities": "rules_community_assessment",
    "property": "rules_property_evaluation",
    "hotline": "rules_hotline",
    "requests": "rules_requests",
    "force": "rules_force_index",
}
