"""A list item named by its noun of action; a plan's title that opens with its owner (round 47:
rules-48; issue 10).

* "Integrated coastal zone management", "Sustainable orchard development", "Glacier lake
  monitoring, assessment, and mapping": a list item with no verb whose first noun phrase ends in a
  noun of action is that action on the whole phrase (ANNOTATION.md section 1: "each lettered or
  numbered item of a list"; train: three national climate pledges list their priority measures so).
  A second undertaking joined by "and ... of" ("... management and restoration of eroded slopes")
  is not part of the first one's target; two words ("Smart investment") are a heading's.
* "Kestrel Open Data Strategy": a department's plan named after its owner, whose text writes the
  owner's name on its own and otherwise says "we", gives "we" to the owner, not to a panel that the
  text names more often as a subject (round 47's new train documents: a department's open data
  strategy whose "we" had gone to its transparency panel).

All names and sentences are invented."""

from __future__ import annotations

import pytest

from kb.extract.actors import titled_owner
from tests.textdoc import document_from_text

_PLEDGE = ("Priority adaptation measures of the Republic of Tarnia are as follows:\n"
           "- Integrated coastal zone management\n"
           "- Sustainable orchard development\n"
           "- Glacier lake monitoring, assessment, and mapping\n"
           "- Upland pasture management and restoration of eroded slopes\n")


@pytest.mark.integration
@pytest.mark.parametrize("item, action, target", [
    ("Integrated coastal zone management", "manage", "Integrated coastal zone management"),
    ("Sustainable orchard development", "develop", "Sustainable orchard development"),
    ("Glacier lake monitoring", "monitor", "Glacier lake monitoring, assessment, and mapping"),
    # the second undertaking ("restoration of eroded slopes") is not the first one's target
    ("Upland pasture management", "manage", "Upland pasture management"),
])
def test_a_list_item_named_by_its_noun_of_action_is_that_action(extractor, item, action, target):
    records = extractor.extract(document_from_text(_PLEDGE, title="Tarnia Climate Contribution")).commitments
    found = [(c.action, c.target) for c in records if c.sentence.lstrip("- ").startswith(item)]
    assert (action, target) in found


@pytest.mark.integration
def test_two_words_or_a_full_stop_make_a_heading_not_an_item(extractor):
    text = ("The ministry will work in four areas:\n"
            "- Smart investment\n"
            "- Integrated river basin management\n"
            "- Regional flood plain management.\n")
    records = extractor.extract(document_from_text(text, title="Tarnia Water Plan")).commitments
    by_line = {c.sentence.lstrip("- "): c.action for c in records}
    assert by_line.get("Integrated river basin management") == "manage"
    assert by_line.get("Smart investment") != "invest"
    assert by_line.get("Regional flood plain management.") != "manage"


def test_a_title_that_opens_with_a_name_the_text_uses_alone_names_its_owner():
    text = ("Kestrel will publish its registers. Kestrel's data team reviews requests. "
            "The Kestrel Transparency Panel meets monthly. Kestrel and its agencies hold the data.")
    assert titled_owner("Kestrel Open Data Strategy", text) == "Kestrel"
    # ordinary words the text also writes in lower case are no owner's name
    plain = ("Open Data helps. Open Data matters. Open Data grows. We open our data; open data is open by "
             "default, and data about data is data too.")
    assert titled_owner("Open Data Strategy", plain) == ""
    # a capitalised word the text also writes in lower case once is an ordinary word ("Open", "open")
    assert titled_owner("Open Data Strategy", "Open Data helps. Open Data matters. Open Data grows. "
                        "Open is good. We will open more registers.") == ""
    # a web address is no writing of the name in lower case
    assert titled_owner("Kestrel Open Data Strategy", text + " See www.example.org/kestrel for more.") == "Kestrel"
    # a name met only inside longer names ("the Kestrel Transparency Panel") is not used alone
    assert titled_owner("Kestrel Open Data Strategy", "The Kestrel Transparency Panel meets. "
                        "The Kestrel Data Office and the Kestrel Board agree.") == ""
    # a title that is no plan, programme or strategy is not read for an owner
    assert titled_owner("Kestrel", text) == ""


@pytest.mark.integration
def test_we_in_a_plan_named_after_its_owner_is_the_owner(extractor):
    text = ("Kestrel holds data on rivers, soils and farms. Kestrel's registers are used by many.\n\n"
            "The Transparency Panel will review every request.\n\n"
            "The Transparency Panel will meet each quarter.\n\n"
            "The Transparency Panel will publish its minutes.\n\n"
            "We will publish the river gauge register by March 2027.\n\n"
            "Kestrel and its partner agencies will agree common data formats.")
    records = extractor.extract(document_from_text(text, title="Kestrel Open Data Strategy")).commitments
    publish = [c for c in records if c.action == "publish" and "river gauge" in (c.target or "")]
    assert [c.actor for c in publish] == ["Kestrel"]
