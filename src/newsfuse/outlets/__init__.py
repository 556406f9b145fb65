"""Outlet intelligence: who reports, who copies, who launders.

Sums the provenance and claims of many stories per outlet: each article's
role in its story (``roles``), outlet identity with aliases and wire
agencies (``identity``, ``agencies``), per-outlet summaries and the outlet
graph over a period (``aggregate``), a content-farm score explained feature
by feature (``score``), and the user's outlet table (``profiles``).
"""

from newsfuse.outlets.aggregate import OutletEdge, OutletReport, OutletSummary, Period, summarise
from newsfuse.outlets.identity import Directory, Outlet
from newsfuse.outlets.profiles import OutletProfile, load_profiles
from newsfuse.outlets.roles import ArticleRole, story_roles
from newsfuse.outlets.score import FarmScore, farm_score
from newsfuse.outlets.stage import import_profiles, outlet_report, outlet_roles_store

__all__ = [
    "ArticleRole",
    "Directory",
    "FarmScore",
    "Outlet",
    "OutletEdge",
    "OutletProfile",
    "OutletReport",
    "OutletSummary",
    "Period",
    "farm_score",
    "import_profiles",
    "load_profiles",
    "outlet_report",
    "outlet_roles_store",
    "story_roles",
    "summarise",
]
