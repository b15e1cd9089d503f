"""The timeline: years keep their scale (no-deadline counted apart), whole columns and status
segments are links, the list honours the chosen year and segment."""

from __future__ import annotations

import re

import pytest

from tests.webapp import make_app, seed_document

# many commitments without a deadline, a few with one (the shape of a real corpus of orders)
PLAN = """Riverside plan

""" + " ".join(f"Riverside will review permit {i}." for i in range(12)) + """

Riverside will open a ferry pier by 2024. Riverside will open a tram line by 2030. Riverside will plant reeds by 2030.
"""


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": "2026-06-01"})
    seed_document(app.extensions["policykb"].store, PLAN, "riverside.txt")
    return app


def heights(html: str) -> dict[str, float]:
    """The drawn height of each year column (the sum of its segment rects inside the year link)."""
    out = {}
    for m in re.finditer(r'<a href="/timeline\?year=(\w+)#list" class="bar(?: selected)?".*?</a>', html, re.S):
        out[m.group(1)] = sum(float(h) for h in re.findall(r'<rect class="st-[a-z_]+" [^>]*height="([\d.]+)"',
                                                             m.group(0)))
    return out


def test_no_deadline_is_shown_apart_so_years_get_the_scale(client):
    html = client.get("/timeline").get_data(as_text=True)
    h = heights(html)
    assert set(h) == {"2024", "2030"}                 # no column for "none"
    assert h["2030"] == pytest.approx(162.0)          # the tallest year fills the plot (220 - 24 - 34)
    assert h["2024"] == pytest.approx(81.0)
    assert 'href="/timeline?year=none#list" class="bar-none">No deadline: 12 commitments</a>' in html


def test_the_whole_column_is_a_link(client):
    html = client.get("/timeline").get_data(as_text=True)
    column = re.search(r'<a href="/timeline\?year=2024#list" class="bar".*?</a>', html, re.S).group(0)
    # a transparent rect covering the plot's full height (plus the label) sits inside the link
    hit = re.search(r'<rect class="hit" x="[\d.]+" y="24" width="64" height="186(?:\.0)?"/>', column)
    assert hit is not None


def test_a_status_segment_lists_that_year_and_status(client):
    html = client.get("/timeline").get_data(as_text=True)
    assert 'href="/timeline?year=2024&amp;status=deadline_passed#list" class="seg"' in html
    assert 'href="/timeline?year=2030&amp;status=open#list" class="seg"' in html   # upcoming is still open
    listed = client.get("/timeline?year=2030&status=open").get_data(as_text=True)
    assert "Due in 2030 · Open" in listed
    assert 'class="count-badge">2<' in listed
    assert client.get("/timeline?year=2030&status=deadline_passed").get_data(as_text=True).count("tram") == 0
