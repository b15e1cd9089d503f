"""The spaCy component that marks commitment clauses.

`policykb_commitments` is a `Doc -> Doc` component: it runs the clause rules of
`clauses.py` on every sentence and keeps the result on the Doc:

- `doc._.commitment_frames`: a list of `Frame`s (action, actor mention, target,
  deadline phrase, offsets into `doc.text`);
- `doc.spans["commitments"]`: one span per frame over its action verb, labelled
  with the action, for display and debugging.

Before the rules, `reread_openers` parses again, with a lower-case first letter, an
action line whose capitalised opening verb the tagger took for a noun ("Conclude
delivery of X", "Monitor and review Y"): a second parse of that line only.

Set `doc._.passage_kind = "list_item"` before the pipeline runs to mark a list
item (its verbs need no subject; a noun phrase item takes the lead-in's action);
the cells of a "table_row" are read the same way (kb.extract.rows).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup, Token

from kb.extract.clauses import after_label, frames_for_doc
from kb.extract.heads import opening_word
from kb.extract.lexicon import ACTION_LINE_KINDS, POLICY_VERBS
from kb.tables import LIST_MARKER

if not Doc.has_extension("commitment_frames"):
    Doc.set_extension("commitment_frames", default=None)
if not Doc.has_extension("passage_kind"):
    Doc.set_extension("passage_kind", default="paragraph")


class CommitmentMarker:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc = reread_openers(doc, self.nlp, self.name)
        except Exception as exc:  # the first reading stands
            doc.user_data.setdefault("policykb_warnings", []).append(f"re-reading action lines failed: {exc!r}")
        try:
            # a table row's cell is read like a list item: "Strengthen X" is an instruction
            frames = frames_for_doc(doc, is_item=doc._.passage_kind in ("list_item", "table_row"))
        except Exception as exc:  # a parse the rules do not expect must not stop a whole batch
            frames = []
            doc.user_data.setdefault("policykb_warnings", []).append(f"commitment rules failed: {exc!r}")
        doc._.commitment_frames = frames
        spans = []
        for f in frames:
            if 0 <= f.verb < len(doc):
                spans.append(Span(doc, f.verb, f.verb + 1, label=f.kind))
        doc.spans["commitments"] = SpanGroup(doc, name="commitments", spans=spans)
        return doc




# the ending of a noun made from a verb or an adjective: "Implementation", "Enhancement", "Policy"
_NOUN_ENDING = re.compile(r"(?:tion|sion|ment|ance|ence|ity|ness|ism|ship|ure|ing|ist|ics|ery|ogy|cy)$")


def _in_name(tok: Token) -> bool:
    """`tok` is part of a named entity of more than one word ("Energy Saving Trust"); a capitalised
    first word that the entity recogniser took for a one-word organisation is no name."""
    if not tok.ent_type_:
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is None or sum(1 for t in ent if t.is_alpha) > 1 or ent.label_ not in ("ORG", "PRODUCT", "WORK_OF_ART")


def _capitals_verb(tok: Token) -> bool:
    """ "EXPAND cooperation on X", "ENHANCE maritime cooperation": a declaration that sets its operative
    verbs in capitals (ASEAN statements do; train: an ASEAN-U.S. leaders' statement, 14 lines); only a
    verb of policy, so an acronym or a heading in capitals stays what it is."""
    return tok.is_upper and tok.lower_ in POLICY_VERBS


def _misread_opener(sent: Span, kind: str) -> Token | None:
    """The capitalised first word of an action line that the tagger read as a noun or a name:
    "Partner with state agencies ...", "Monitor and review X", "Conclude delivery of Y".  Only
    in a list item, a table cell or a heading, or a line with no finite verb of its own; never a
    word with a noun's ending, nor the first word of a name ("Executive Order", "Energy Strategy")."""
    first = after_label(sent) or opening_word(sent)
    if first is None or not ((first.is_title or _capitals_verb(first)) and first.is_alpha and len(first.text) > 2) \
            or first.tag_ not in ("NN", "NNP", "JJ") or (_in_name(first) and first.lower_ not in POLICY_VERBS) \
            or len(sent) > 80 \
            or _NOUN_ENDING.search(first.lower_) or first.i + 1 >= sent.end:
        return None
    nxt = sent.doc[first.i + 1]
    # a name goes on ("Energy Strategy", "Support Services"); a verb of policy before a name is
    # an instruction about it ("Enforce ASHRAE 90.1 ...", "Utilize P2AD Partnership Program ...") in
    # a sentence closed by a full stop, a list item or a table cell ("iv. Develop Jurong Lake District
    # as a model district", a green plan's table of initiatives; round 48)
    instruction = first.lower_ in POLICY_VERBS and len(sent) >= 8 and (
        sent.text.rstrip().endswith(".") or kind in ACTION_LINE_KINDS or bool(LIST_MARKER.match(sent.text)))
    name_follows = nxt.tag_ in ("NNP", "NNPS") and not instruction
    if name_follows or nxt.tag_ == "POS" or nxt.lower_ in ("of", "'s", "’s") or nxt.is_punct and nxt.text != ",":
        return None
    if any(t.tag_ == "MD" for t in sent):
        return None                 # a line with a modal states its commitment in its own words
    if kind in ACTION_LINE_KINDS or LIST_MARKER.match(sent.text):
        return first
    if any(t.tag_ in ("VBZ", "VBP", "VBD") for t in sent):
        return None
    return first


def reread_openers(doc: Doc, nlp: Language, name: str) -> Doc:
    """Parse again, with its first letter in lower case, each action line whose opening verb the
    tagger took for a noun (it reads a capitalised first word as a name): when the second reading
    makes that word a verb, the Doc takes that sentence's second reading over the original words.

    One more parse of such a sentence only; the text, the tokens and the sentence boundaries
    stay as they were (a reading that splits the sentence is not taken)."""
    kind = doc._.passage_kind if Doc.has_extension("passage_kind") else "paragraph"
    found = [(s, t) for s in doc.sents for t in [_misread_opener(s, kind)] if t is not None]
    if not found:
        return doc
    annotations = {t.i: (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc}
    tensor = doc.tensor.copy() if getattr(doc.tensor, "shape", (0,))[0] == len(doc) else None
    changed = False
    for sent, first in found:
        # from the opening word on: a bullet or a label before it confuses the tagger as much as the capital
        line = doc[first.i:sent.end]
        words = [first.text.lower()] + [t.text for t in line[1:]]
        again = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in line])
        for pipe_name, proc in nlp.pipeline:
            if pipe_name == name:
                break
            again = proc(again)
        if any(t.is_sent_start and t.i > 0 for t in again) or again[0].tag_ not in ("VB", "VBP"):
            continue
        changed = True
        root = first.i + again[0].sent.root.i
        for t in sent:
            if t.i < first.i:       # the bullet or label before the line hangs on its new root
                annotations[t.i] = (t.tag_, t.pos_, str(t.morph), t.lemma_, "punct" if not t.is_alpha else "dep", root)
        for t in again:
            annotations[first.i + t.i] = (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, first.i + t.head.i)
        if tensor is not None and getattr(again.tensor, "shape", (0, 0))[1:] == tensor.shape[1:]:
            tensor[first.i:sent.end] = again.tensor
    if not changed:
        return doc
    rows = [annotations[t.i] for t in doc]
    out = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
              tags=[r[0] for r in rows], pos=[r[1] for r in rows], morphs=[r[2] for r in rows],
              lemmas=[r[3] for r in rows], deps=[r[4] for r in rows], heads=[r[5] for r in rows],
              sent_starts=[bool(t.is_sent_start) for t in doc],
              ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc])
    if tensor is not None:
        out.tensor = tensor
    out.user_data.update(doc.user_data)
    out._context = doc._context         # what `nlp.pipe(..., as_tuples=True)` hands back with the Doc
    if Doc.has_extension("passage_kind"):
        out._.passage_kind = kind
    return out


@Language.factory("policykb_commitments", assigns=["doc.spans", "doc._.commitment_frames"],
                  requires=["token.dep", "token.lemma", "token.tag"])
def make_commitment_marker(nlp: Language, name: str) -> CommitmentMarker:
    return CommitmentMarker(nlp, name)
