"""Confidence (issue 10, item 4): what a finished record's own fields say about its risk,
and how bench/calibrate_confidence.py counts a record right.

`field_features` reads the record after actor resolution and target trimming; a
confidence model may weigh them (kb/extract/confidence.py).  The calibration
bench labels records with the shared scorer's own pairing: right when paired and
all four fields are right, wrong when unpaired, left out when paired with an
optional gold line.  Every record here is invented.
"""

from __future__ import annotations


import numpy as np
import pytest

from kb.extract.confidence import FIELD_FEATURE_NAMES, LogisticModel, RecordScorer, field_features
from kb.models import Commitment, Deadline


def _record(**kw) -> Commitment:
    base = dict(actor="Harbour Board", actor_text="The Harbour Board", action="dredge",
                target="the northern channel", sentence="The Harbour Board will dredge the northern channel by 2027.",
                sentence_start=0, sentence_end=58, passage_index=0, deadline=Deadline("by 2027", "2027-12-31"))
    base.update(kw)
    return Commitment(**base)


CASES = {
    "a clean record raises no flag": ({}, set()),
    "an actor with a broken parenthesis": ({"actor": "Coast Guard), the Harbour Board"},
                                           {"fx_actor_paren_unbalanced", "fx_actor_list"}),
    "an actor that is a phrase with an article": ({"actor": "a legal mandate"}, {"fx_actor_lower_article"}),
    "a heading glued to the actor": ({"actor": "Goal Encourage residents"}, {"fx_actor_heading_glued"}),
    "a bare acronym": ({"actor": "HBA"}, {"fx_actor_acronym"}),
    "a target that starts with a preposition": ({"target": "with the port operators"}, {"fx_target_starts_prep"}),
    "a one-word target": ({"target": "action"}, {"fx_target_short"}),
    "a target that runs on": ({"target": " ".join(["word"] * 16)}, {"fx_target_long"}),
    "a hedge in the sentence": ({"sentence": "The Harbour Board may dredge the northern channel by 2027."}, {"fx_hedge"}),
    "a relative deadline with no date": ({"deadline": Deadline("within 30 days of the survey", None)},
                                         {"fx_deadline_undated"}),
    "a year in the sentence the record did not take": ({"deadline": None}, {"fx_date_not_taken"}),
    "no date anywhere": ({"deadline": None, "sentence": "The Harbour Board will dredge the northern channel."},
                         set()),
    "a purpose left in the target": ({"target": "the northern channel near the ferry to improve access"},
                                     {"fx_target_purpose_or_examples"}),
    "examples left in the target": ({"target": "the northern channels of the bay such as the ferry lane"},
                                    {"fx_target_purpose_or_examples"}),
    "a recipient is no purpose": ({"target": "a survey of the channel to the Port Authority"}, set()),
    "a list as actor": ({"actor": "Harbour Board, the Coast Guard"}, {"fx_actor_list"}),
    "an item of a list": ({"sentence": "(iii) dredge the northern channel by 2027."}, {"fx_sentence_list_item"}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_fields_confidence_feature_table(name):
    changes, flags = CASES[name]
    got = field_features(_record(**changes))
    assert set(got) == set(FIELD_FEATURE_NAMES)
    assert {k for k, v in got.items() if v} == flags


def test_fields_confidence_scorer_reads_field_features():
    """A model that weighs a field feature gives the flagged record a lower confidence."""
    names = ("bias", "fx_target_starts_prep")
    model = LogisticModel(features=names, mean=np.zeros(2), scale=np.ones(2), coef=np.array([0.0, -4.0]),
                          intercept=2.0)
    scorer = RecordScorer(confidence_model=model)
    clean, flagged = _record(), _record(target="with the port operators")
    rows = [{"bias": 1.0, **field_features(c)} for c in (clean, flagged)]
    out = scorer.apply([clean, flagged], rows)
    assert out[0].confidence > 0.8 > 0.2 > out[1].confidence


def _pred(**kw):
    base = {"doc": "plan-a", "sentence": "The Harbour Board will dredge the northern channel by 2027.",
            "actor": "Harbour Board", "action": "dredge", "target": "the northern channel",
            "deadline": {"text": "by 2027", "date": "2027-12-31"}}
    base.update(kw)
    return base


def test_fields_confidence_labels_follow_the_shared_scorer(bench):
    gold = [{"doc": "plan-a", "sentence": "The Harbour Board will dredge the northern channel by 2027.",
             "actor": ["Harbour Board"], "action": ["dredge"], "target": "the northern channel", "deadline": "2027"},
            {"doc": "plan-a", "sentence": "The Harbour Board will repair the east pier.",
             "actor": ["Harbour Board"], "action": ["repair"], "target": "the east pier", "deadline": None},
            {"doc": "plan-a", "sentence": "It will also publish a tide table every month.",
             "actor": ["Harbour Board"], "action": ["publish"], "target": "a tide table", "deadline": None,
             "optional": True}]
    preds = [_pred(),                                                             # right
             _pred(sentence="The Harbour Board will repair the east pier.", actor="Port City", action="repair",
                   target="the east pier", deadline=None),                       # paired, actor wrong
             _pred(sentence="Visitors enjoy the promenade.", action="enjoy", target="the promenade"),  # unpaired
             _pred(sentence="It will also publish a tide table every month.", action="publish",
                   target="a tide table", deadline=None)]                         # paired with an optional line
    y = bench.labels(preds, gold)
    assert y[0] == 1.0 and y[1] == 0.0 and y[2] == 0.0 and np.isnan(y[3])


def _floor_case(bench, right_conf: float, false_conf: float) -> float:
    """Two splits of one invented document each: a right record and a false one (a sentence with no
    commitment), with the out-of-fold confidences given; the floor `choose_floor` takes."""
    data, golds, conf = {}, {}, []
    for split, doc in (("train", "plan-a"), ("validation", "plan-b")):
        golds[split] = [{"doc": doc, "sentence": "The Harbour Board will dredge the northern channel by 2027.",
                         "actor": ["Harbour Board"], "action": ["dredge"], "target": "the northern channel",
                         "deadline": "2027"}]
        preds = [_pred(doc=doc), _pred(doc=doc, sentence="Visitors enjoy the promenade.", action="enjoy",
                                       target="the promenade", deadline=None)]
        data[split] = (preds, [{}, {}], bench.labels(preds, golds[split]))
        conf += [right_conf, false_conf]
    oofs = {"m": np.array(conf), "m@kind": np.array(conf)}
    floor, figures = bench.choose_floor(data, golds, oofs, "m")
    assert set(figures) == {"document", "kind"}
    return floor


def test_confidence_floor_drops_what_held_out_scores_put_under_it_when_that_raises_tuple_f1(bench):
    # the false records score lowest: the smallest floor above them wins (higher ones tie)
    assert _floor_case(bench, right_conf=0.9, false_conf=0.02) == 0.05
    # the right records score lowest: any floor would cost tuple F1, so none is taken
    assert _floor_case(bench, right_conf=0.03, false_conf=0.6) == 0.0
