"""Outlet summaries as JSON: one object per outlet, and the outlet graph.

Decides the field names of ``outlets.jsonl``, ``newsfuse outlets --format
json`` and the ``/api/outlets`` endpoints (one shape everywhere). Shares
are rounded to 4 places; a share whose base is empty is null, not 0, so a
reader can tell "never" from "no evidence". ``profile`` holds the user's
outlet table row exactly as given (empty when the table has no row).
"""

from __future__ import annotations

from typing import Any

from newsfuse.outlets.aggregate import SHARE_ROLES, OutletEdge, OutletReport, OutletSummary


def summary_json(summary: OutletSummary, edges: tuple[OutletEdge, ...] = ()) -> dict[str, Any]:
    """One outlet; ``edges`` (the report's graph) add the kinds of what it takes from each source."""
    outlet = summary.outlet
    kinds = {e.source: dict(e.kinds) for e in edges if e.target == outlet.key}
    score = summary.score
    return {
        "outlet": outlet.key,
        "name": outlet.name,
        "kind": outlet.kind,
        "in_corpus": summary.present,
        "hosts": list(outlet.hosts),
        "spellings": list(outlet.spellings),
        "articles": summary.articles,
        "stories": summary.stories,
        "first_seen": summary.first_seen,
        "last_seen": summary.last_seen,
        "roles": {role: summary.roles.get(role, 0) for role in SHARE_ROLES},
        "shares": {role: _round(summary.share(role)) if summary.articles else None for role in SHARE_ROLES},
        "takes_from": [
            {"outlet": key, "articles": n, "kinds": kinds.get(key, {})} for key, n in summary.sources.most_common()
        ],
        "taken_by_articles": summary.taken_by,
        "credited_by_articles": summary.credited_by,
        "median_delay_hours": summary.median_delay_hours,
        "derived_articles": summary.derived,
        "credit_share": _round(summary.credit_share),
        "credits_right_source": summary.credits_right_source,
        "reused_claims": summary.reused_claims,
        "attribution_dropped": summary.dropped,
        "attribution_changed": summary.changed,
        "altered": summary.altered,
        "damage_share": _round(summary.damage_share),
        "farm_score": score.value if score else None,
        "farm_features": [
            {
                "name": f.name,
                "value": f.value,
                "weight": f.weight,
                "contribution": round(f.contribution, 4),
                "n": f.n,
                "explanation": f.explanation,
            }
            for f in (score.features if score else ())
        ],
        "profile": outlet.profile.field_dict() if outlet.profile else {},
    }


def edge_json(edge: OutletEdge) -> dict[str, Any]:
    return {
        "source": edge.source,
        "target": edge.target,
        "weight": edge.weight,
        "kinds": dict(edge.kinds),
        "credited": edge.credited,
    }


def report_json(report: OutletReport) -> dict[str, Any]:
    return {
        "period": report.period.label(),
        "outlets": [summary_json(s, report.edges) for s in report.outlets],
        "edges": [edge_json(e) for e in report.edges],
    }


def report_lines(report: OutletReport) -> list[dict[str, Any]]:
    """``outlets.jsonl``: one object per outlet, largest first."""
    return [summary_json(s, report.edges) for s in report.outlets]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
