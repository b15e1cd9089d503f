"""From the frames on parsed passages to `Commitment` records.

This is the one place that sees the whole document: it finds the main actor,
resolves "it"/"the city"/agentless passives to it, gives list items the actor
and action of their lead-in, normalises deadlines against the document's date,
and carries "over the same period" from the previous deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from kb.extract.actors import clean_actor, is_generic, main_actor
from kb.extract.syntax import LIST_MARKER, Frame, doc_text
from kb.extract.deadlines import normalise_deadline
from kb.extract.quantities import best_quantity
from kb.extract.sectors import sector_of
from kb.models import Commitment, Deadline, ParsedDocument, Passage

DOCUMENT_NOUNS = {"strategy", "plan", "policy", "report", "program", "programme", "guidance", "memorandum",
                  "process", "system", "framework", "standard", "standards", "plans", "strategies", "policies"}


@dataclass
class ParsedPassage:
    passage: Passage
    offset: int          # where this Doc's text starts in ParsedDocument.text
    doc: Doc


def _reference(parsed: ParsedDocument) -> dt.date | None:
    if not parsed.published:
        return None
    try:
        return dt.date.fromisoformat(parsed.published[:10])
    except ValueError:
        return None


def find_main_actor(parsed: ParsedDocument, parts: list[ParsedPassage], nlp=None) -> str:
    title = parsed.title or ""
    lead = " ".join(doc_text(p.doc) for p in parts[:4])
    subjects: list[str] = []
    entities: list[tuple[str, str]] = []
    title_entities: list[str] = []
    for part in parts:
        for ent in part.doc.ents:
            if ent.label_ in ("GPE", "ORG"):
                entities.append((ent.text, ent.label_))
        for ent in part.doc.ents:
            # a named subject of any clause: "Hechi will ...", "the Federal Government faces ..."
            if ent.label_ in ("GPE", "ORG") and ent.root.dep_ in ("nsubj", "nsubjpass") \
                    and part.passage.kind != "heading":
                subjects.append(ent.text)
    if title:
        for part in parts:
            if doc_text(part.doc).strip() == title.strip():
                title_entities = [e.text for e in part.doc.ents if e.label_ in ("GPE", "ORG")]
                break
        else:
            if nlp is not None:
                with nlp.select_pipes(enable=[p for p in ("tok2vec", "ner") if p in nlp.pipe_names]):
                    title_doc = nlp(title[:500])
                title_entities = [e.text for e in title_doc.ents if e.label_ in ("GPE", "ORG")]
    return main_actor(title, lead, subjects, entities, title_entities)


_MARKER = re.compile(r"^\s*\(?([a-z]|[ivxlc]{1,5}|\d{1,2})[.)]", re.I)
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def _previous_marker(text: str) -> str | None:
    """ "(c) ..." -> "b"; "(iii) ..." -> "ii"; "3. ..." -> "2"."""
    m = _MARKER.match(text)
    if not m:
        return None
    mark = m.group(1).lower()
    if mark.isdigit():
        return str(int(mark) - 1) if int(mark) > 1 else None
    if mark in _ROMAN and mark not in ("c", "d", "l", "x", "v") or mark in ("ii", "iii", "iv", "vi"):
        k = _ROMAN.index(mark)
        return _ROMAN[k - 1] if k else None
    if len(mark) == 1 and mark > "a":
        return chr(ord(mark) - 1)
    return None


def _lead_for(index: int, parts_by_index: dict[int, ParsedPassage], leads: dict[int, Frame],
              order: list[int], item_leads: dict[int, int] | None = None) -> tuple[Frame | None, int | None]:
    part = parts_by_index[index]
    p = part.passage
    if p.parent_index is not None and p.parent_index in leads:
        return leads[p.parent_index], p.parent_index
    is_listish = p.kind == "list_item" or bool(LIST_MARKER.match(p.text))
    if not is_listish:
        return None, None
    pos = order.index(index)
    # "(c)" after other paragraphs: the lead-in of "(b)", if "(b)" had one
    prev_mark = _previous_marker(p.text)
    if prev_mark and item_leads:
        for j in range(pos - 1, max(-1, pos - 12), -1):
            q = parts_by_index[order[j]]
            if q.passage.kind == "heading":
                break
            m = _MARKER.match(q.passage.text)
            if m and m.group(1).lower() == prev_mark:
                if order[j] in item_leads:
                    li = item_leads[order[j]]
                    return leads[li], li
                break
    for j in range(pos - 1, max(-1, pos - 40), -1):
        q = parts_by_index[order[j]]
        if order[j] in leads:
            return leads[order[j]], order[j]
        if q.passage.kind == "heading":
            return None, None
        if not (q.passage.kind == "list_item" or LIST_MARKER.match(q.passage.text)):
            return None, None
    return None, None


def build_commitments(parsed: ParsedDocument, parts: list[ParsedPassage], version: str, nlp=None) -> list[Commitment]:
    reference = _reference(parsed)
    main = find_main_actor(parsed, parts, nlp)
    # one entry per passage (chunks of one passage merged in order)
    order: list[int] = []
    by_index: dict[int, list[ParsedPassage]] = {}
    for part in parts:
        if part.passage.index not in by_index:
            order.append(part.passage.index)
        by_index.setdefault(part.passage.index, []).append(part)
    first_part = {i: ps[0] for i, ps in by_index.items()}

    # resolve lead-ins first (their actors)
    leads: dict[int, Frame] = {}
    item_leads: dict[int, int] = {}
    lead_actor: dict[int, str] = {}
    out: list[Commitment] = []
    seen: set[tuple[int, str, str]] = set()
    last_deadline: Deadline | None = None
    last_named_plural = ""
    previous_actor: dict[str, object] = {}
    current_passage = -1

    def resolve(f: Frame, sentence_frames: list[Frame]) -> tuple[str, str]:
        nonlocal last_named_plural
        text = clean_actor(f.actor_text)
        kind = f.actor_kind
        if kind == "named":
            if is_generic(f.actor_text):
                return main or text, f.actor_text
            low = text.lower()
            if f.actor_ent == "" and low.split(" ")[-1].endswith("s"):
                last_named_plural = text
            elif any(w in low for w in (" and ",)):
                last_named_plural = text
            return text, f.actor_text
        if kind == "generic":
            return main or text, f.actor_text
        if kind == "pronoun":
            low = f.actor_text.strip().lower()
            if f.antecedent and not is_generic(f.antecedent):
                return clean_actor(f.antecedent), f.actor_text
            if low == "it" and previous_actor.get("passage") == current_passage and previous_actor.get("actor"):
                # "The Department will set targets. It will also publish ...": the last actor in the passage
                return previous_actor["actor"], f.actor_text
            if low in ("they", "them") and last_named_plural:
                return last_named_plural, f.actor_text
            return main, f.actor_text
        if kind == "relative":
            head = text.split(" ")[-1].lower() if text else ""
            if head in DOCUMENT_NOUNS:
                for g in sentence_frames:
                    if g is not f and g.actor_kind in ("named", "generic") and g.verb < f.verb:
                        return resolve(g, sentence_frames)
            return text, f.actor_text
        return main, ""

    for idx in order:
        current_passage = idx
        chunks = by_index[idx]
        part0 = chunks[0]
        lead, lead_idx = _lead_for(idx, first_part, leads, order, item_leads)
        if lead_idx is not None:
            item_leads[idx] = lead_idx
        frames_all = [(c, f) for c in chunks for f in (c.doc._.commitment_frames or [])]
        if part0.passage.kind == "heading":
            continue                # a headline repeats what the text says
        for c, f in frames_all:
            if f.kind == "lead_in":
                if f.actor_kind == "none" and lead is not None and lead_idx in lead_actor:
                    actor = lead_actor[lead_idx]
                else:
                    actor = resolve(f, [g for _, g in frames_all])[0] if f.actor_kind != "none" else main
                leads[idx] = f
                lead_actor[idx] = actor
                if f.deadline is not None:
                    pass
        for c, f in frames_all:
            if f.kind == "lead_in":
                continue
            sentence_frames = [g for cc, g in frames_all if g.sent_start == f.sent_start and cc is c]
            action = f.action
            actor_text = f.actor_text
            target = f.target_text.strip()
            if f.kind == "item_np":
                if lead is None:
                    continue
                gerund = f.verb_guess and doc_text(c.doc)[f.target_start:f.verb_guess_end].lower().endswith("ing") \
                    if f.target_start is not None and f.verb_guess_end is not None else False
                if lead.lead_action and not gerund:
                    action = lead.lead_action
                elif f.verb_guess and f.verb_guess_end is not None:
                    # "each agency shall: (i) retrofit heating systems": the item opens with its verb
                    action = f.verb_guess
                    target = target[target.find(" ") + 1:] if " " in target else ""
                else:
                    continue
                actor = lead_actor.get(lead_idx, main)
                actor_text = lead.actor_text
            elif f.actor_kind == "item" or (f.actor_kind == "none" and f.kind == "item_verb"):
                if lead is not None and lead_idx in lead_actor:
                    actor, actor_text = lead_actor[lead_idx], lead.actor_text
                else:
                    actor, actor_text = main, ""
            else:
                actor, actor_text = resolve(f, sentence_frames)
            if not action:
                continue
            # deadline
            deadline = None
            if f.deadline is not None:
                deadline = normalise_deadline(f.deadline.text, reference)
                if deadline is not None and deadline.date is None and f.deadline.weak:
                    deadline = None
            if deadline is None and f.deadline_scope == "same_period" and last_deadline is not None:
                deadline = Deadline(text=last_deadline.text, date=last_deadline.date)
            if deadline is None and f.kind in ("item_np", "item_verb") and lead is not None and lead.deadline is not None:
                deadline = normalise_deadline(lead.deadline.text, reference)
            if deadline is not None and deadline.date:
                last_deadline = deadline
            if not target and not action:
                continue
            off = c.offset
            sent_text = parsed.text[c.offset + f.sent_start:c.offset + f.sent_end] \
                if parsed.text else doc_text(c.doc)[f.sent_start:f.sent_end]
            lstrip = len(sent_text) - len(sent_text.lstrip())
            sent_clean = sent_text.strip()
            s_start = off + f.sent_start + lstrip
            s_end = s_start + len(sent_clean)
            t_start = t_end = None
            if target and f.target_start is not None:
                pos = parsed.text.find(target, off + f.target_start - 5 if f.target_start >= 5 else off)
                if pos >= 0 and pos <= off + f.sent_end:
                    t_start, t_end = pos, pos + len(target)
            key = (s_start, action, target)
            if key in seen:
                continue
            seen.add(key)
            quantity = best_quantity(f.quantity_text or target)
            flags = []
            if deadline is None or deadline.date is None:
                flags.append("no_deadline")
            if quantity is None:
                flags.append("no_quantity")
            if not actor_text or f.actor_kind in ("pronoun", "generic", "none", "item") or is_generic(actor_text):
                flags.append("no_named_actor")
            out.append(Commitment(
                actor=actor or "",
                actor_text=(actor_text or "").strip(),
                action=action,
                target=target,
                sentence=sent_clean,
                sentence_start=s_start,
                sentence_end=s_end,
                passage_index=idx,
                deadline=deadline,
                quantity=quantity,
                strength=f.strength,
                negated=f.negated,
                sector=sector_of(f"{action} {target}"),
                places=f.places,
                flags=tuple(flags),
                page=part0.passage.page,
                extractor_version=version,
                target_start=t_start,
                target_end=t_end,
            ))
            if actor and f.actor_kind in ("named", "pronoun", "generic") and not (
                    f.actor_kind == "named" and actor.split(" ")[-1].lower().endswith("s") and f.actor_ent == ""):
                previous_actor = {"passage": idx, "actor": actor}
    return out
