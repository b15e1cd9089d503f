"""An actor's name is the words that name it (issue 10, class 1; issue 15's over-long names).

Two ways a record's actor became a sentence or a clause:
- the parser sometimes hangs a phrase from after the verb on the subject ("Our countries
  will expand X, including Y; Z; ...", with "including" under "countries"), and the
  subject's span ran from its first word to the end of that phrase: the verb and
  everything after it were shown as who promised;
- a helper, hedge or means after the name stayed in it ("X and Y, working with other
  agencies", "X, as appropriate and consistent with applicable law, ...", "the United
  States—through an element of ...").
On the 160 executive orders, actors over 100 characters went from 231 to 204 (most of
those left are real joint duties naming four or five offices); train, validation and
the shared dev set score the same (their scorer accepts a name inside a longer one).
Every sentence here is invented; the parse below is written out by hand, so that the test
does not depend on the parser making that mistake.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kb.extract.actors import clean_actor
from kb.extract.syntax import mention


def _parsed(words, heads, deps):
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)


def test_a_subject_ends_where_its_own_words_end():
    # "Our nations will expand our work, including roads; and ports." with "including" under "nations"
    doc = _parsed(["Our", "nations", "will", "expand", "our", "work", ",", "including", "roads", ";", "and", "ports", "."],
                  [1, 3, 3, 3, 5, 3, 3, 1, 7, 3, 11, 8, 3],
                  ["poss", "nsubj", "aux", "ROOT", "poss", "dobj", "punct", "prep", "pobj", "punct", "cc", "conj",
                   "punct"])
    assert mention(doc[1])[2] == "Our nations"


def test_a_subject_keeps_the_words_that_belong_to_it():
    # "The heads of agencies that hold land shall report." -- the relative clause is the subject's own
    doc = _parsed(["The", "heads", "of", "agencies", "that", "hold", "land", "shall", "report", "."],
                  [1, 8, 1, 2, 5, 3, 5, 8, 8, 8],
                  ["det", "nsubj", "prep", "pobj", "nsubj", "relcl", "dobj", "aux", "ROOT", "punct"])
    assert mention(doc[1])[2] == "The heads of agencies that hold land"


@pytest.mark.parametrize("written, name", [
    ("the Harbour Minister and the Secretary of Fisheries, working with other coastal bodies",
     "Harbour Minister and the Secretary of Fisheries"),
    ("the Secretary of Fisheries, as appropriate and consistent with applicable law, including the Harbours Act",
     "Secretary of Fisheries"),
    ("the Republic of Norland\u2014through an element of its coast guard or an interagency committee",
     "Republic of Norland"),
    ("the Harbour Board, consistent with its charter", "Harbour Board"),
    ("the Harbour Board, to the extent permitted by law", "Harbour Board"),
    ("the Secretary, through the Deputy Secretary,", "Secretary"),
    # names that only look like a hedge stay whole
    ("the Office of Consistent Standards", "Office of Consistent Standards"),
    ("the Secretary of Fisheries, the Secretary of Ports, and the Harbour Board",
     "Secretary of Fisheries, the Secretary of Ports, and the Harbour Board"),
])
def test_a_helper_or_hedge_after_a_name_is_not_part_of_it(written, name):
    assert clean_actor(written) == name
