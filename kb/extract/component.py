"""The spaCy component that marks commitment clauses.

`policykb_commitments` is a `Doc -> Doc` component: it runs the clause rules of
`clauses.py` on every sentence and keeps the result on the Doc:

- `doc._.commitment_frames`: a list of `Frame`s (action, actor mention, target,
  deadline phrase, offsets into `doc.text`);
- `doc.spans["commitments"]`: one span per frame over its action verb, labelled
  with the action, for display and debugging.

Set `doc._.passage_kind = "list_item"` before the pipeline runs to mark a list
item (its verbs need no subject; a noun phrase item takes the lead-in's action);
the cells of a "table_row" are read the same way (kb.extract.rows).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from kb.extract.clauses import frames_for_doc

if not Doc.has_extension("commitment_frames"):
    Doc.set_extension("commitment_frames", default=None)
if not Doc.has_extension("passage_kind"):
    Doc.set_extension("passage_kind", default="paragraph")


class CommitmentMarker:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
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


@Language.factory("policykb_commitments", assigns=["doc.spans", "doc._.commitment_frames"],
                  requires=["token.dep", "token.lemma", "token.tag"])
def make_commitment_marker(nlp: Language, name: str) -> CommitmentMarker:
    return CommitmentMarker(nlp, name)
