"""The search page's facets add values, Datasette-style: a click adds a value to its facet (actor=A&actor=B
means either), the facet keeps offering its other values with counts over every match of the search
(not the page of 20, and not narrowed by its own choice), and each chosen value can be taken away.

Invented plans; the search is tests.fake_search's keyword service (these tests are about the page).
"""

from __future__ import annotations

import re

import pytest

from tests.webapp import make_app, seed_document

PLANS = {
    "lakeside.txt": "Lakeside water plan\n\nLakeside will replace lead pipes by 2024. Lakeside will plant orchards"
                    " by 2031. Harbor will dredge the channel by 2031.\n",
    "northfield.txt": "Northfield energy plan\n\nNorthfield will install solar roofs by 2028. Harbor will electrify"
                      " ferries by 2035. Northfield will insulate schools by 2026.\n",
}


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False)
    store = app.extensions["policykb"].store
    for name, text in PLANS.items():
        seed_document(store, text, name)
    return app


def facet(html: str, field: str) -> dict[str, tuple[int, bool]]:
    """{value: (count, chosen)} of one facet section of the page."""
    section = html.split(f'data-facet="{field}"')[1].split("</section>")[0]
    rows = re.findall(r'<a href="[^"]*"( aria-current="true" class="chosen")?><span class="fv">(?:✓ )?([^<]*)</span>'
                      r' <span class="count">(\d+)</span>', section)
    return {value: (int(n), bool(chosen)) for chosen, value, n in rows}


def test_a_chosen_actor_keeps_the_others_offered_with_counts_over_all_matches(client):
    html = client.get("/?q=lakeside+northfield+harbor&actor=Lakeside").get_data(as_text=True)
    assert facet(html, "actor") == {"Lakeside": (2, True), "Northfield": (2, False), "Harbor": (2, False)}
    # the other facets count the selection: Lakeside's two commitments only
    assert facet(html, "deadline_year") == {"2024": (1, False), "2031": (1, False)}


def test_clicking_a_second_value_adds_it_and_the_results_hold_either(client):
    html = client.get("/?q=lakeside+northfield+harbor&actor=Lakeside").get_data(as_text=True)
    href = re.search(r'data-facet="actor".*?<a href="([^"]*)"><span class="fv">Northfield', html, re.S).group(1)
    href = href.replace("&amp;", "&")
    assert "actor=Lakeside" in href and "actor=Northfield" in href
    both = client.get(href).get_data(as_text=True)
    assert "4 results" in both
    assert facet(both, "actor") == {"Lakeside": (2, True), "Northfield": (2, True), "Harbor": (2, False)}
    # a chosen value's link takes it away again
    back = re.search(r'data-facet="actor".*?<a href="([^"]*)" aria-current="true" class="chosen">'
                     r'<span class="fv">✓ Northfield', both, re.S).group(1).replace("&amp;", "&")
    assert "actor=Northfield" not in back and "actor=Lakeside" in back


def test_a_year_range_on_the_search_page_narrows_the_results(client):
    html = client.get("/?q=lakeside+northfield+harbor&year_from=2028&year_to=2031").get_data(as_text=True)
    assert "3 results" in html          # solar roofs 2028, orchards 2031, channel 2031: not 2024, 2026 or 2035
    assert facet(html, "deadline_year") == {"2024": (1, False), "2026": (1, False), "2028": (1, False),
                                            "2031": (2, False), "2035": (1, False)}
    assert 'id="s-year-from" min="1000" max="9999" inputmode="numeric" value="2028"' in html
