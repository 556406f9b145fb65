"""How outlet figures read on every surface: the terminal table, reports and web pages.

Decides the columns of an outlet table and how each figure is written: a
share as a whole percentage ("40%"), a share without evidence as "–", a
delay in hours under two days and in days above, the score to two decimals,
and the sources an outlet takes from as "NAME ×N". One function per cell,
so the CLI, the Markdown and HTML reports and the web pages agree.
"""

from __future__ import annotations

from newsfuse.outlets.aggregate import OutletReport, OutletSummary

# (column title, short title for a terminal, what it shows), in table order.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("outlet", "outlet", "outlet name (wire: a news agency)"),
    ("articles", "arts", "articles in the period"),
    ("farm score", "farm", "content-farm score (sum of four weighted shares)"),
    ("origin", "own", "own reporting: derives from no article in the story"),
    ("copy", "copy", "copies and duplicates of another article"),
    ("partial", "part", "partial reuse"),
    ("rewrite", "rewr", "rewrites of another article"),
    ("translation", "tran", "translations"),
    ("credited", "cred", "reprints of a credited source absent from the corpus"),
    ("credit line", "cr.line", "of its reusing articles, those with a credit line"),
    ("attribution damage", "attr.dmg", "of its reused claims, those with attribution dropped or changed, or altered"),
    ("delay", "delay", "median delay of its reuses behind the origin"),
    ("takes from", "takes from", "outlets it reuses most"),
)
SHARE_COLUMNS = ("origin", "copy", "partial", "rewrite", "translation", "credited")
MISSING = "–"


def pct(value: float | None) -> str:
    return MISSING if value is None else f"{value:.0%}"


def delay(hours: float | None) -> str:
    if hours is None:
        return MISSING
    return f"{hours:.0f} h" if abs(hours) < 48 else f"{hours / 24:.1f} d"


def outlet_label(summary: OutletSummary) -> str:
    outlet = summary.outlet
    suffix = " (wire)" if outlet.kind == "wire" else ""
    absent = ", not in corpus" if not summary.present else ""
    return f"{outlet.name}{suffix}{absent}" if suffix or absent else outlet.name


def sources_text(summary: OutletSummary, report: OutletReport, limit: int = 3) -> str:
    names = []
    for key, count in summary.sources.most_common(limit):
        source = report.get(key)
        names.append(f"{source.outlet.name if source else key} ×{count}")
    return ", ".join(names) or MISSING


def cells(summary: OutletSummary, report: OutletReport) -> dict[str, str]:
    """Every column's text for one outlet."""
    row = {
        "outlet": outlet_label(summary),
        "articles": str(summary.articles),
        "credit line": pct(summary.credit_share),
        "attribution damage": pct(summary.damage_share),
        "delay": delay(summary.median_delay_hours),
        "farm score": f"{summary.score.value:.2f}" if summary.score and summary.present else MISSING,
        "takes from": sources_text(summary, report),
    }
    for role in SHARE_COLUMNS:
        row[role] = pct(summary.share(role)) if summary.articles else MISSING
    return row


def profile_text(summary: OutletSummary) -> str:
    """The user's outlet table row, "country PK; rating B" (empty when the table has none)."""
    profile = summary.outlet.profile
    return "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in profile.fields) if profile else ""
