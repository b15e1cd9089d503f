"""Lineage across documents (kb/lineage.py): what a later text did to a commitment — restated, raised,
lowered, deadline moved, dropped in a newer version, progress reported.  Invented commitments, no models."""

from __future__ import annotations

from dataclasses import replace

from kb.lineage import (Doc, Item, acts_under, classify, comparable, durations, figures_in, find_links,
                        leans_on_context)
from kb.models import Commitment, Deadline, Quantity


def cm(target: str, *, action: str = "install", start: int = 0, deadline: tuple[str, str] | None = None,
       quantity: tuple[float, str] | None = None, actor: str = "Ministry of Harbours",
       sentence: str | None = None) -> Commitment:
    text = sentence or f"The {actor} shall {action} {target}."
    return Commitment(actor=actor, actor_text=actor, action=action, target=target, sentence=text,
                      sentence_start=start, sentence_end=start + len(text), passage_index=1,
                      deadline=Deadline(*deadline) if deadline else None,
                      quantity=Quantity(quantity[0], quantity[1], f"{quantity[0]:g} {quantity[1]}") if quantity else None)


def test_a_higher_figure_in_the_same_unit_is_raised_and_a_lower_one_lowered():
    a = cm("400 tidal turbines along the northern estuary", quantity=(400, "tidal turbines"))
    b = cm("650 tidal turbines along the northern estuary", quantity=(650, "tidal turbines"))
    [(relation, sure, detail)] = classify(a, b, 0.9)
    assert relation == "raised" and "400 tidal turbines → 650 tidal turbines" == detail and 0.85 <= sure <= 0.95
    assert classify(b, a, 0.9)[0][0] == "lowered"


def test_figures_in_other_units_are_not_compared():
    assert not comparable(Quantity(30, "percent", "30%"), Quantity(30, "turbines", "30 turbines"))
    assert comparable(Quantity(3, "base stations", ""), Quantity(5, "stations", ""))
    a = cm("30 percent of the fleet", quantity=(30, "percent"))
    b = cm("30 buses of the fleet", quantity=(30, "buses"))
    assert classify(a, b, 0.95) == []


def test_another_date_is_a_moved_deadline_but_the_same_relative_phrase_is_not():
    a = cm("the pier survey", deadline=("by 2028", "2028-12-31"))
    b = cm("the pier survey", deadline=("by 2031", "2031-12-31"))
    assert [r for r, _s, _d in classify(a, b, 0.95)] == ["deadline_moved"]
    # "within 90 days of the date of this order" in two orders of different dates: the same deadline
    c = cm("the pier survey", deadline=("within 90 days of the date of this order", "2023-04-01"))
    d = cm("the pier survey", deadline=("within 90 days of the date of this order", "2024-09-01"))
    assert [r for r, _s, _d in classify(c, d, 0.95)] == ["restated"]


def test_a_restatement_needs_close_wording():
    a = cm("the harbour dredging plan")
    assert [r for r, _s, _d in classify(a, cm("the harbour dredging plan"), 0.95)] == ["restated"]
    assert classify(a, cm("the harbour dredging plan"), 0.6) == []


ORDER_A = Doc(1, ("2024-01-10", 1), "Harbour Order 7001.\nThe Ministry of Harbours shall install 400 tidal turbines.",
              "Harbour Order 7001: Tidal Power")
ORDER_B = Doc(2, ("2025-03-02", 2), "This order amends the Harbour Order 7001: Tidal Power.\n"
              "The Ministry of Harbours shall install 650 tidal turbines.", "Harbour Order 7002: More Tidal Power")
ORDER_C = Doc(3, ("2025-05-05", 3), "The Ministry of Harbours shall install 900 tidal turbines.",
              "Harbour Order 7003: Unrelated Turbines")


def _turbines(doc: int, n: int, start: int = 40) -> Item:
    target = f"{n} tidal turbines along the northern estuary for the coastal grid"
    return Item(doc * 10, doc, ("ministry of harbours",), cm(target, start=start, quantity=(n, "tidal turbines")))


def test_a_later_document_that_names_the_earlier_one_raises_its_figure():
    links = find_links([_turbines(1, 400), _turbines(2, 650)], {1: ORDER_A, 2: ORDER_B}, versions={})
    [link] = links
    assert (link.relation, link.older_id, link.newer_id, link.document_id) == ("raised", 10, 20, 2)
    assert link.sentence.startswith("The Ministry of Harbours shall install 650")


def test_a_later_document_that_only_cites_the_earlier_one_makes_a_new_promise_not_a_raise():
    citing = Doc(2, ("2025-03-02", 2), "Building on the Harbour Order 7001: Tidal Power, this order adds more.\n"
                 "The Ministry of Harbours shall install 650 tidal turbines.", "Harbour Order 7002: More Tidal Power")
    assert find_links([_turbines(1, 400), _turbines(2, 650)], {1: ORDER_A, 2: citing}, versions={}) == []


def test_a_later_document_that_does_not_name_the_earlier_one_is_not_linked():
    # parallel wording in an unrelated order is not the same promise
    assert find_links([_turbines(1, 400), _turbines(3, 900)], {1: ORDER_A, 3: ORDER_C}, versions={}) == []


def test_two_actors_never_pair():
    other = Item(20, 2, ("ministry of fisheries",), _turbines(2, 650).commitment)
    assert find_links([_turbines(1, 400), other], {1: ORDER_A, 2: ORDER_B}, versions={}) == []


def test_a_newer_version_links_each_commitment_to_its_counterpart_and_says_what_it_dropped():
    def item(cid: int, doc: int, action: str, target: str, sentence: str, deadline=None) -> Item:
        return Item(cid, doc, ("m",), cm(target, action=action, sentence=sentence, deadline=deadline))

    old = [item(1, 1, "complete", "the pier survey", "The Ministry of Harbours shall complete the pier survey by 2028.",
                ("by 2028", "2028-12-31")),
           item(2, 1, "repaint", "the lighthouse", "The Ministry of Harbours shall repaint the lighthouse."),
           item(3, 1, "publish", "a ferry timetable", "The Ministry of Harbours shall publish a ferry timetable.")]
    new = [item(11, 2, "complete", "the pier survey", "The Ministry of Harbours shall complete the pier survey by 2030.",
                ("by 2030", "2030-12-31")),
           item(12, 2, "repaint", "the lighthouse", "The Ministry of Harbours shall repaint the lighthouse.")]
    docs = {1: Doc(1, ("2024-01-01", 1)), 2: Doc(2, ("2025-01-01", 2))}
    links = {(k.relation, k.older_id, k.newer_id) for k in find_links(old + new, docs, versions={2: 1})}
    assert links == {("deadline_moved", 1, 11), ("restated", 2, 12), ("dropped", 3, None)}


def test_a_later_sentence_saying_how_far_it_got_is_progress_reported():
    promise = Item(1, 1, ("m",), cm("400 tidal turbines along the northern estuary", quantity=(400, "tidal turbines")))
    report = Doc(2, ("2026-02-01", 2), "Annual harbour report.\n"
                 "The Ministry of Harbours has installed 250 tidal turbines along the northern estuary so far.\n"
                 "The ferry company has painted its boats.")
    [link] = find_links([promise], {1: Doc(1, ("2024-01-01", 1)), 2: report}, versions={})
    assert (link.relation, link.older_id, link.document_id) == ("progress_reported", 1, 2)
    assert link.detail == "250 tidal turbines of 400 tidal turbines"
    assert "has installed 250" in link.sentence and report.text[link.start:link.end].strip() == link.sentence


def test_an_earlier_report_is_not_progress_on_a_later_promise():
    promise = Item(1, 2, ("m",), cm("400 tidal turbines along the northern estuary", quantity=(400, "tidal turbines")))
    report = Doc(1, ("2020-01-01", 1), "The Ministry of Harbours has installed 250 tidal turbines along the northern estuary.")
    assert find_links([promise], {1: report, 2: Doc(2, ("2024-01-01", 2))}, versions={}) == []


def test_figures_in_a_progress_sentence_leave_years_out():
    found = figures_in("By 2025 the agency had planted 12,500 trees, 40 percent of its 2030 goal of 1.2 million trees.")
    assert [(q.value, q.unit) for q in found] == [(12500.0, "trees"), (40.0, "percent"), (1200000.0, "trees")]


def test_vectors_from_above_replace_the_word_similarity():
    # the embedding of a caller above kb (the indexer) may say two differently worded promises are one
    import numpy as np

    a = Item(10, 1, ("m",), cm("400 tidal turbines along the northern estuary for the coastal grid",
                               quantity=(400, "tidal turbines")))
    b = Item(20, 2, ("m",), cm("650 tidal turbines in the river mouth feeding the seaside network",
                               quantity=(650, "tidal turbines")))
    docs = {1: ORDER_A, 2: ORDER_B}
    assert find_links([a, b], docs, versions={}) == []
    same = np.array([1.0, 0.0], dtype=np.float32)
    [link] = find_links([a, b], docs, versions={}, vectors={10: same, 20: same})
    assert (link.relation, link.older_id, link.newer_id) == ("raised", 10, 20)


# -- what keeps two similar sentences of two orders from being one promise restated ---------------------------

def _pair(older_sentence: str, newer_sentence: str, *, older_deadline=None, newer_deadline=None,
          newer_text: str = "") -> list:
    """Find the links between one commitment of Harbour Order 7001 and one of a later order that names it."""
    target = "the dredging guidance for the northern estuary harbours"
    a = Item(10, 1, ("m",), cm(target, action="review", sentence=older_sentence, deadline=older_deadline))
    b = Item(20, 2, ("m",), cm(target, action="review", sentence=newer_sentence, deadline=newer_deadline))
    later = Doc(2, ("2025-03-02", 2), newer_text or "Building on the Harbour Order 7001: Tidal Power.\n" + newer_sentence,
                "Harbour Order 7002: Dredging")
    return find_links([a, b], {1: ORDER_A, 2: later}, versions={})


def test_the_same_words_in_a_later_order_that_names_the_earlier_one_are_a_restatement():
    [link] = _pair("The Ministry of Harbours shall review the dredging guidance for the northern estuary harbours.",
                   "The Ministry of Harbours shall review the dredging guidance for the northern estuary harbours.")
    assert (link.relation, link.older_id, link.newer_id) == ("restated", 10, 20)


def test_a_sentence_that_points_back_into_its_own_order_is_not_restated_elsewhere():
    # "this guidance" is what each order said just before: two orders, two guidances
    sentence = ("In preparing this guidance, the Ministry of Harbours shall review the dredging guidance for the"
                " northern estuary harbours.")
    assert _pair(sentence, sentence) == []
    assert leans_on_context("Within 90 days of receiving these recommendations, the Ministry shall act.")
    assert leans_on_context("The Ministry shall publish such plan.")


def test_pointing_at_the_order_itself_or_giving_reasons_is_not_leaning_on_context():
    assert not leans_on_context("For these reasons, it is the policy of this order to keep the harbours open.")
    assert not leans_on_context("The Ministry shall take such steps as may be necessary under this section.")
    assert not leans_on_context("To this end, the Ministry shall review the dredging guidance.")


def test_an_amending_order_may_point_back_into_the_text_it_rewrites():
    sentence = "This Dredging Board shall review the dredging guidance for the northern estuary harbours."
    amending = "This order amends the Harbour Order 7001: Tidal Power.\nIts section 2 is revised to read: " + sentence
    [link] = _pair(sentence, sentence, newer_text=amending)
    assert link.relation == "restated"


def test_a_step_taken_under_the_earlier_order_is_not_its_promise_restated():
    older = "The Ministry of Harbours shall review the dredging guidance for the northern estuary harbours."
    newer = ("Consistent with section 4 of Executive Order 7001, the Ministry of Harbours shall review the dredging"
             " guidance for the northern estuary harbours.")
    earlier = Doc(1, ("2024-01-10", 1), "Executive Order 7001.\n" + older, "Executive Order 7001: Tidal Power")
    a = Item(10, 1, ("m",), cm("the dredging guidance for the northern estuary harbours", action="review", sentence=older))
    b = Item(20, 2, ("m",), cm("the dredging guidance for the northern estuary harbours", action="review", sentence=newer))
    later = Doc(2, ("2025-03-02", 2), newer, "Executive Order 7002: Dredging")
    assert find_links([a, b], {1: earlier, 2: later}, versions={}) == []
    assert acts_under(newer, "7001") and not acts_under(newer, "7003")
    assert not acts_under("As set forth in Executive Order 7001, the Ministry shall review it.", "7001")


def test_another_span_of_time_from_an_undated_event_is_another_deadline():
    # "within 60 days of receiving the report": the event has no date, but 60 days is not 270 days
    a = cm("the pier survey", deadline=("within 60 days of receiving the report", ""))
    b = cm("the pier survey", deadline=("within 270 days of receiving the report", ""))
    assert [r for r, _s, _d in classify(a, b, 0.95)] == ["deadline_moved"]
    same = cm("the pier survey", deadline=("not later than 60 days after receiving the report", ""))
    assert durations("within one year of receiving") == durations("within 1 year of receiving") == ((1, "year"),)
    assert [r for r, _s, _d in classify(a, same, 0.95)] == ["restated"]
    # between two orders, where the later does not amend the earlier, no link at all
    older = "Within 60 days of receiving the report, the Ministry of Harbours shall review the dredging guidance."
    newer = "Within 270 days of receiving the report, the Ministry of Harbours shall review the dredging guidance."
    assert _pair(older, newer, older_deadline=("Within 60 days of receiving the report", ""),
                 newer_deadline=("Within 270 days of receiving the report", "")) == []


def test_a_progress_cue_in_a_relative_clause_describes_things_and_reports_nothing():
    promise = Item(1, 1, ("m",), cm("the berth permits for the northern estuary ferries", action="issue"))
    report = Doc(2, ("2026-02-01", 2), "For ferries whose berth permits for the northern estuary that have already"
                 " been issued by the Ministry of Harbours are outstanding, the old fees apply.")
    assert find_links([promise], {1: Doc(1, ("2024-01-01", 1)), 2: report}, versions={}) == []


def test_when_the_actor_was_assumed_the_report_must_name_the_office_the_sentence_names():
    def assumed(sentence: str) -> Item:
        c = cm("5 sites on the northern estuary for tidal turbines", action="identify", sentence=sentence,
               actor="Government", quantity=(5, "sites"))
        return Item(1, 1, ("government",), replace(c, actor_source="main_actor"))

    sentence = ("By March 2026, the Minister of Harbours and the Minister of Fisheries shall each identify 5 sites"
                " on the northern estuary for tidal turbines.")
    report = Doc(2, ("2026-05-01", 2), "The Minister of Fisheries has identified 4 sites on the northern estuary"
                 " for tidal turbines.")
    [link] = find_links([assumed(sentence)], {1: Doc(1, ("2024-01-01", 1)), 2: report}, versions={})
    assert link.relation == "progress_reported" and link.detail.startswith("4 sites") and "of 5 sites" in link.detail
    other = Doc(2, ("2026-05-01", 2), "The Minister of Forests has identified 4 sites on the northern estuary"
                " for tidal turbines.")
    assert find_links([assumed(sentence)], {1: Doc(1, ("2024-01-01", 1)), 2: other}, versions={}) == []
