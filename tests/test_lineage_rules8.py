"""Round 8 lineage rules (issue 15): new wording an amending order quotes, and the bar for changed relations across
documents.  Invented sentences only; each table row is one case."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.lineage import (CHANGED_SIM, Doc, Item, find_links, quoted_amendments, same_object, same_subject,
                        subject_of)
from kb.models import Commitment, Deadline, Quantity

# -- which quotations give new wording, for which order and section ------------------------------------------

QUOTATIONS = [
    # text, [(order, section, first words of the quotation)]
    ("Section 3(a) of Executive Order 14900 of May 2, 2030 (Harbor Council), is hereby amended to read as follows: "
     "“(a) The Council shall be composed of not more than 18 members.”.",
     [("14900", "3", "(a) The Council shall")]),
    ("Executive Order 14901 is amended as follows:\n\n(a) in section 4, by striking “and” at the end of subsection (b), "
     "and by inserting the following new subsection:\n“(c) The Director shall publish the registry every year.”;",
     [("14901", "4", "(c) The Director shall")]),
    ("Executive Order 14902 is hereby amended by striking section 6 and inserting, in lieu thereof, the following:\n"
     "“The Board shall meet at least twice a year.”",
     [("14902", "6", "The Board shall meet")]),
    # a quotation of a few words replaces words, not a sentence
    ("Executive Order 14903 is amended in section 2 by striking “the Chair” and inserting “the Co-Chairs”.", []),
    # no order is amended: a quotation is only a quotation
    ("The report shall be titled “Harbor Safety in the Coming Decade and Beyond”.", []),
]


@pytest.mark.parametrize("text, expected", QUOTATIONS)
def test_quoted_amendments(text, expected):
    got = [(q.order_number, q.section, text[q.start:q.start + len(w)]) for q, (_o, _s, w)
           in zip(quoted_amendments(text), expected)]
    assert len(quoted_amendments(text)) == len(expected)
    assert got == expected


SUBJECTS = [
    # older sentence, newer sentence, same subject?
    ("(b) The Council shall be composed of not more than 12 members.",
     "“(b) The Council shall be composed of not more than 18 members.”", True),
    ("The Chair and the Vice Chair shall serve as Co-Chairs of the Working Group.",
     "The Chair, the Vice Chair, and the Harbor Master shall serve as Co-Chairs of the Working Group.", True),
    ("The Council shall publish the registry.", "The Director shall publish the registry.", False),
    ("The registry is published every year.", "The Director shall publish the registry.", False),
]


@pytest.mark.parametrize("older, newer, same", SUBJECTS)
def test_same_subject(older, newer, same):
    assert same_subject(subject_of(older), subject_of(newer)) is same


# -- the bar for a changed relation between an amending order and the order it amends ----------------------------

def _c(action: str, target: str, sentence: str, start: int = 0, deadline: str | None = None,
       date: str | None = None, quantity: Quantity | None = None, actor: str = "Federal Government",
       source: str = "main_actor") -> Commitment:
    return Commitment(actor=actor, actor_text="", action=action, target=target, sentence=sentence,
                      sentence_start=start, sentence_end=start + len(sentence), passage_index=0,
                      deadline=Deadline(text=deadline, date=date) if deadline and date else None,
                      quantity=quantity, target_start=start + max(0, sentence.find(target)), actor_source=source)


SAME_OBJECT = [
    # older action, newer action, similarity, same object?
    ("submit", "submit", 1.0, True),
    ("submit", "submit", CHANGED_SIM, True),
    ("submit", "submits", 0.9, True),           # one verb, inflected
    ("submit", "submit", 0.6, False),           # two reports of one section that share words
    ("publish", "consider", 0.95, False),       # another step
]


@pytest.mark.parametrize("a, b, sim, same", SAME_OBJECT)
def test_same_object(a, b, sim, same):
    ca = _c(a, "a report on harbor safety", f"The Council shall {a} a report on harbor safety.")
    cb = _c(b, "a report on harbor safety", f"The Council shall {b} a report on harbor safety.")
    assert same_object(ca, cb, sim) is same


OLD_TEXT = ("Executive Order 14900 of May 2, 2030\nHarbor Council\n### Section 3.\n\n"
            "(a) The Council shall be composed of not more than 12 members.\n"
            "(b) The Council shall advise the Secretary on harbor safety and pilotage.\n")
NEW_TEXT = ("Executive Order 14950 of June 1, 2031\nAmending Executive Order 14900\n### Section 1.\n\n"
            "Section 3(a) of Executive Order 14900 of May 2, 2030 (Harbor Council), is hereby amended to read as "
            "follows: “(a) The Council shall be composed of not more than 18 members.”.\n")


def _items():
    a_sent = "(a) The Council shall be composed of not more than 12 members."
    q_start = NEW_TEXT.index("“(a)") + 1
    b_sent = NEW_TEXT[NEW_TEXT.index("Section 3(a)"):NEW_TEXT.index("”.") + 2]
    older = _c("compose", "The Council", a_sent, OLD_TEXT.index(a_sent),
               quantity=Quantity(value=12, unit="members", text="12 members"))
    newer = _c("compose", "The Council", b_sent, NEW_TEXT.index(b_sent),
               quantity=Quantity(value=18, unit="members", text="18 members"))
    newer = replace(newer, target_start=q_start + len("(a) "))
    advise = "(b) The Council shall advise the Secretary on harbor safety and pilotage."
    other = _c("advise", "the Secretary on harbor safety and pilotage", advise, OLD_TEXT.index(advise))
    return [Item(1, 1, ("federal government",), older), Item(2, 1, ("federal government",), other),
            Item(3, 2, ("federal government",), newer)]


def test_quoted_new_wording_links_the_assumed_actor_raised():
    docs = {1: Doc(1, ("2030-05-02", 1), OLD_TEXT, "Executive Order 14900: Harbor Council"),
            2: Doc(2, ("2031-06-01", 2), NEW_TEXT, "Executive Order 14950: Amending Executive Order 14900")}
    links = find_links(_items(), docs, {})
    got = [(k.relation, k.older_id, k.newer_id) for k in links]
    assert got == [("raised", 1, 3)]


def test_quotation_for_another_section_links_nothing():
    docs = {1: Doc(1, ("2030-05-02", 1), OLD_TEXT, "Executive Order 14900: Harbor Council"),
            2: Doc(2, ("2031-06-01", 2), NEW_TEXT.replace("Section 3(a)", "Section 5(a)"),
                   "Executive Order 14950: Amending Executive Order 14900")}
    assert find_links(_items(), docs, {}) == []
