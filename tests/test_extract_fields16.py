"""Fields of detected commitments, round 16 (issue 10, fields): targets that run on past the thing.

ANNOTATION.md section 4 cuts purpose clauses and what says how or for whom an action is done.  The
rules pinned here, each backed by train documents named in the code (kb/extract/targets.py,
kb/extract/lexicon.py, "round 16: fields"):

- an infinitive hung by the parser on a participle or gerund inside the object ("policies submitted
  by the agencies [to ensure X]", "horizon scanning [to provide advice]") is a purpose;
- beneficiary, alignment and partner tails ("for the benefit of all", "aligned with the national
  strategy", "in close collaboration with X") are cut, unless the target is a clause.

Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.targets import trim_target
from tests.textdoc import document_from_text


@pytest.mark.parametrize("text, expected", [
    ("our harbour economies more closely for the benefit of all island families",
     "our harbour economies"),
    ("ferry safety for the benefit of coastal residents and visitors", "ferry safety"),
    ("quay repairs in close collaboration with the island councils", "quay repairs"),
    ("a ferry timetable review in partnership with the operators and unions", "a ferry timetable review"),
    ("a pilot licensing framework aligned with the regional maritime strategy", "a pilot licensing framework"),
    ("staff skills for ferry operations aligned to the Coastal Skills Programme", "staff skills for ferry operations"),
    # what the phrase needs to name its thing stays
    ("a fund for the benefit", "a fund for the benefit"),
    ("a mooring plan developed in consultation with the operators",
     "a mooring plan developed in consultation with the operators"),
    ("This will be done in cooperation with the island councils",
     "This will be done in cooperation with the island councils"),
    ("closely aligned harbour plans", "closely aligned harbour plans"),
    ("that the mooring plans are aligned with the regional maritime strategy",
     "that the mooring plans are aligned with the regional maritime strategy"),
])
def test_beneficiary_alignment_and_partner_tails_are_cut(text, expected):
    assert trim_target(text) == expected


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    # an infinitive on a participle or gerund inside the object: a purpose
    ("The Harbour Master shall review the mooring plans submitted by the port operators to ensure that "
     "the plans protect the seagrass beds.", "review", "the mooring plans submitted by the port operators"),
    ("The Ferry Board will undertake coastal horizon scanning to provide expert advice about future scenarios.",
     "undertake", "coastal horizon scanning"),
    ("The Port Authority will lead the assessment of establishing a regional pilot training centre to help "
     "harbours recruit pilots.", "lead", "the assessment of establishing a regional pilot training centre"),
    # a beneficiary tail
    ("The Port Authority will improve ferry reliability for the benefit of island families and visitors.",
     "improve", "ferry reliability"),
    # what the object needs stays: an infinitive after a bare noun, or after an object-control verb
    ("The Harbour Board will establish partnerships to run training sessions on pilot safety.",
     "establish", "partnerships to run training sessions on pilot safety"),
    ("The Harbour Board will require port operators to publish their mooring plans.",
     "require", "port operators to publish their mooring plans"),
    # an infinitive that completes the participle, or what a strategy is
    ("The Harbour Board will publish the mooring rules designed to protect the seagrass beds.",
     "publish", "the mooring rules designed to protect the seagrass beds"),
    ("The Harbour Board will develop a strategy for using pilot boats to survey the outer channel.",
     "develop", "a strategy for using pilot boats to survey the outer channel"),
])
def test_purpose_after_the_object_is_cut(extractor, sentence, action, target):
    records = extractor.extract(document_from_text(sentence, title="Harbour Plan")).commitments
    assert [(c.action, c.target) for c in records if c.action == action] == [(action, target)]
