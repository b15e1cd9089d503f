"""From ranked candidates to the hits a user sees: fetch their text, merge repeats, say why each matched.

Why a module: the indexes hold only ids, so every search ends by asking the
store for the text of its candidates (`hydrate`), and what a user should see
is one entry per sentence, not a commitment and the passage sentence it came
from side by side (`dedupe`); each hit then carries how it matched, the query
words it contains and the boosts it got (`explain`).  `dedupe` and `explain`
are pure: tests/test_search_ranking.py runs them on invented hits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from kb.models import StoredCommitment, StoredPassage
from kb.store import Store

from indexer.candidates import Candidate
from indexer.text import (YEAR_RE, QueryInfo, has_amount, highlight, holds_all_words, phrase_spans, query_words,
                          terms, words)
from indexer.units import covered, finished, mended_commitment, mended_sentence, passage_of, sentence_spans


@dataclass(frozen=True)
class SearchHit:
    """One result: a commitment or a passage sentence."""

    kind: str                    # "commitment" | "passage"
    id: int                      # the store's commitment id or passage id
    document_id: int
    doc_name: str                # the document's source file name
    doc_title: str
    sentence: str                # commitment sentence, or the matching sentence of the passage
    score: float
    matched_by: tuple[str, ...]  # ("dense", "keyword")
    matched_terms: tuple[str, ...]
    highlights: tuple[tuple[int, int], ...]   # offsets into `sentence`
    commitment: StoredCommitment | None = None
    passage: StoredPassage | None = None
    sentence_start: int = 0      # offsets of `sentence` in the document's text
    sentence_end: int = 0
    boosts: tuple[str, ...] = ()  # query analysis that raised it: "name:Albania", "year:2030", "answer:date"
    cosine: float | None = None  # the query's cosine with it (best of the units merged into it; None: not embedded)
    # how well it answers, for the no-answer signal (`low_confidence`): cosine + the share of the query's
    # keyword terms in its sentence or document title + `answer_weight` if it carries what a when / how-much
    # question asks for (or the question asks neither); None without a cosine (keyword mode)
    match: float | None = None
    # other units folded into this one: further commitments of the same sentence, and the same sentence in
    # other documents (kind, id, document id)
    duplicates: tuple[tuple[str, int, int], ...] = ()
    # why it is here, in words: which engine or mode found it and what raised it ("found by meaning
    # (cosine 0.62) and by words; raised: asks when and it states a date")
    why: str = ""


@dataclass(frozen=True)
class SearchPage:
    """One page of a search: its hits, how many matched in all, the facets of all matches, and the signals
    a search page shows (nothing matched well; a spelling the index knows)."""

    query: str
    mode: str
    k: int
    offset: int
    hits: tuple[SearchHit, ...]
    total: int                      # matches ranked (one per sentence), of which `hits` are offset..offset+k
    facets: dict[str, tuple[tuple[object, int], ...]]   # field -> (value, matches) over all matches, most first
    low_confidence: bool
    suggestion: str | None = None   # "did you mean": the query with unknown words replaced by indexed ones


FACET_FIELDS = ("document", "actor", "deadline_year", "sector", "strength")


def facet_counts(hits: list[SearchHit], limit: int = 10) -> dict[str, tuple[tuple[object, int], ...]]:
    """How many of `hits` have each value of each facet (passage hits count for their document only)."""
    counters: dict[str, Counter] = {f: Counter() for f in FACET_FIELDS}
    for h in hits:
        counters["document"][h.doc_title or h.doc_name] += 1
        if h.commitment is None:
            continue
        c = h.commitment.commitment
        counters["actor"][c.actor] += 1
        counters["deadline_year"][c.deadline.year if c.deadline is not None else None] += 1
        counters["sector"][c.sector] += 1
        counters["strength"][c.strength] += 1
    return {f: tuple(counters[f].most_common(limit)) for f in FACET_FIELDS}


Pair = tuple[Candidate, SearchHit]
# (score, the candidate shown, its hit, the candidates merged into it)
Entry = tuple[float, Candidate, SearchHit, list[Pair]]


def hydrate(store: Store, units: list[Candidate]) -> list[Pair]:
    """Fetch the text of the candidates from the store (units the store no longer has drop out)."""
    cids = [u.key for u in units if u.kind == "c"]
    pids = sorted({passage_of(u.key)[0] for u in units if u.kind == "s"})
    comms = store.commitments_by_ids(cids) if cids else {}
    passages = store.passages_by_ids(pids) if pids else {}
    docs = store.search_documents(sorted({p.document_id for p in passages.values()})) if passages else {}
    out = []
    split_cache: dict[int, list[tuple[int, int]]] = {}
    for u in units:
        if u.kind == "c":
            sc = comms.get(u.key)
            if sc is None:
                continue
            c = sc.commitment
            h = SearchHit("commitment", sc.id, sc.document_id, sc.document_name, sc.document_title, c.sentence,
                          0.0, (), (), (), commitment=sc, sentence_start=c.sentence_start,
                          sentence_end=c.sentence_end)
        else:
            pid, no = passage_of(u.key)
            sp = passages.get(pid)
            if sp is None:
                continue
            spans = split_cache.get(pid)
            if spans is None:
                spans = split_cache[pid] = sentence_spans(sp)
            if no >= len(spans):
                continue
            s, e = spans[no]
            name, title = docs.get(sp.document_id, ("", ""))
            h = SearchHit("passage", pid, sp.document_id, name, title, sp.passage.text[s:e], 0.0, (), (), (),
                          passage=sp, sentence_start=sp.passage.start + s, sentence_end=sp.passage.start + e)
        out.append((u, h))
    return out


def mend(store: Store, hits: list[Pair], limit: int) -> list[Pair]:
    """The first `limit` ranked hits with their sentences mended (`mended_hits`), the rest as they are.

    Why only the first ones: mending reads each hit's neighbouring passages from the store, which for all of
    a search's several hundred candidates would double the time of `hydrate`; a hit past the first `limit`
    is not shown, and a piece of a mended sentence that is merges into it (`dedupe`: its span lies inside)."""
    top = hits[:limit]
    fixed = mended_hits(store, [h for _, h in top])
    return [(u, h) for (u, _), h in zip(top, fixed)] + hits[limit:]


def mended_hits(store: Store, hits: list[SearchHit]) -> list[SearchHit]:
    """Each hit showing its whole sentence where a page break or a false paragraph break split it across
    passages (indexer/units.py `mended_sentence`; a commitment's sentence too), with the sentence's span."""
    passages = {h.passage.id: h.passage for h in hits if h.passage is not None}
    neighbour = Neighbours(store, passages)
    neighbour.fetch({h.commitment.passage_id for h in hits if h.commitment is not None
                     and h.commitment.passage_id is not None})
    # which sentence of its passage each hit is; only a passage's first sentence may have begun before it
    # and only an unfinished last one may go on after it, so only those neighbours are read (in one query)
    places = []
    for h in hits:
        sp = h.passage if h.commitment is None else neighbour.get(h.commitment.passage_id)
        if sp is None or sp.document_id != h.document_id:
            places.append(None)
            continue
        spans = sentence_spans(sp)
        own = [(h.sentence_start, h.sentence_end)]
        base = sp.passage.start
        ends = [i for i in sorted({0, len(spans) - 1}) if spans and covered(base + spans[i][0], base + spans[i][1], own)]
        places.append((sp, spans, ends))
    need = set()
    for place in places:
        if place is not None:
            sp, spans, ends = place
            if 0 in ends:
                need.add(sp.id - 1)
            if len(spans) - 1 in ends and not finished(sp.passage.text[slice(*spans[-1])]):
                need.add(sp.id + 1)
    neighbour.fetch(need)
    out = []
    for h, place in zip(hits, places):
        if place is None or not place[2]:
            out.append(h)
            continue
        sp, spans, ends = place
        if h.commitment is not None:
            text, start, end = mended_commitment(h.commitment, sp, spans, neighbour)
        else:
            text, start, end = mended_sentence(sp, ends[0], spans, neighbour)
        out.append(h if text == h.sentence else replace(h, sentence=text, sentence_start=start, sentence_end=end))
    return out


class Neighbours:
    """The passages before and after the hits' passages (a `Neighbour`, indexer/units.py), fetched by id.

    A document's passages are stored in one transaction, in order, so the passage after passage `id` is
    `id + 1`; each one fetched is checked (same document, next index) and a mismatch is no neighbour."""

    def __init__(self, store: Store, known: dict[int, StoredPassage]):
        self.store = store
        self.known: dict[int, StoredPassage | None] = dict(known)

    def fetch(self, ids: set[int]) -> None:
        want = sorted(i for i in ids if i not in self.known and i > 0)
        if want:
            got = self.store.passages_by_ids(want)
            for i in want:
                self.known[i] = got.get(i)

    def get(self, pid: int | None) -> StoredPassage | None:
        if pid is None:
            return None
        if pid not in self.known:
            self.fetch({pid})
        return self.known.get(pid)

    def __call__(self, sp: StoredPassage, delta: int) -> StoredPassage | None:
        got = self.get(sp.id + delta)
        if got is None or got.document_id != sp.document_id or got.passage.index != sp.passage.index + delta:
            return None
        return got


def strict_matches(hits: list[Pair], query: str, mode: str) -> list[Pair]:
    """The all-words / phrase modes' check on the sentence itself: every content word of the query is one
    of its words ("Mar." is not "mars"), or, for a phrase, all the query's words in that order."""
    if mode == "phrase":
        qwords = query_words(query)
        return [(u, h) for u, h in hits if phrase_spans(h.sentence, qwords)]
    qwords = query_words(query, content_only=True)
    return [(u, h) for u, h in hits if holds_all_words(h.sentence, qwords)]


def same_sentence(a: SearchHit, b: SearchHit, overlap: float = 0.5) -> bool:
    """Whether two hits show one sentence of one document (their spans overlap by `overlap` of the shorter)."""
    if a.document_id != b.document_id:
        return False
    lo = max(a.sentence_start, b.sentence_start)
    hi = min(a.sentence_end, b.sentence_end)
    if hi <= lo:
        return a.sentence.strip() == b.sentence.strip()
    shorter = min(a.sentence_end - a.sentence_start, b.sentence_end - b.sentence_start) or 1
    return (hi - lo) / shorter >= overlap


def sentence_key_text(sentence: str) -> str:
    """A sentence's words, lower-cased: two hits with the same key show the same sentence."""
    return " ".join(w for w, _, _ in words(sentence))


def dedupe(hits: list[Pair], k: int, decay: float, overlap: float = 0.5, positive_only: bool = True,
           collapse: bool = False, identical: bool = False) -> list[Entry]:
    """Best first, one entry per sentence, except that distinct commitments of one sentence stay apart.

    `hits` come sorted best first.  A passage sentence that is also a
    commitment's sentence merges into the commitment (the commitment is shown,
    with the better of the two scores).  A second or third commitment of the
    same sentence (one sentence often holds several) stays a hit of its own,
    since it names another action and target, but its score is multiplied by
    `decay` once per commitment before it so that one sentence does not crowd
    the top of the list -- unless `collapse`, when they fold into the first
    (listed as its duplicates).  With `identical`, the same sentence in
    another document (boilerplate repeated across orders) folds into the
    first one too.  At most `k` entries.
    """
    groups: list[list[Pair]] = []
    by_doc: dict[int, list[int]] = {}
    by_text: dict[str, int] = {}
    for u, h in hits:
        if (positive_only and u.score <= 0) or len(groups) >= k:
            # hits come best first: once k sentences are listed, the rest can only fall below them
            break
        placed = False
        for gi in by_doc.get(h.document_id, []):
            g = groups[gi]
            if any(same_sentence(h, other, overlap) for _, other in g):
                g.append((u, h))
                placed = True
                break
        if not placed and identical:
            gi = by_text.get(sentence_key_text(h.sentence))
            if gi is not None:
                groups[gi].append((u, h))
                placed = True
        if not placed:
            by_doc.setdefault(h.document_id, []).append(len(groups))
            if identical:
                by_text.setdefault(sentence_key_text(h.sentence), len(groups))
            groups.append([(u, h)])
    entries: list[Entry] = []
    for g in groups:
        comms = [m for m in g if m[1].kind == "commitment" and m[1].document_id == g[0][1].document_id]
        reps = comms[:1] if collapse and comms else comms if comms else g[:1]
        for i, (u, h) in enumerate(reps):
            members = [m for m in g if not any(m is r for r in reps[1:])] if i == 0 else [(u, h)]
            score = g[0][0].score if i == 0 else u.score * decay ** i
            entries.append((score, u, h, members))
    entries.sort(key=lambda e: -e[0])
    return entries[:k]


def match_score(h: SearchHit, cosine: float | None, info: QueryInfo, answer_weight: float = 0.25) -> float | None:
    """The no-answer signal of one hit (see SearchHit.match); measured by bench/tune_ranking.py --no-answer."""
    if cosine is None:
        return None
    qterms = set(info.terms)
    coverage = len(qterms & set(terms(f"{h.sentence} {h.doc_title}"))) / len(qterms) if qterms else 0.0
    answers = True
    if info.wants_amount and not has_amount(h.sentence):
        answers = False
    if info.wants_date and not YEAR_RE.search(h.sentence):
        answers = False
    return cosine + coverage + (answer_weight if answers else 0.0)


def explain(entries: list[Entry], info: QueryInfo, dense_floor: float, answer_weight: float = 0.25,
            mode: str = "hybrid") -> list[SearchHit]:
    """The hits to show: each with its score, how it was found, the query words it holds, its boosts,
    the units folded into it and a sentence saying why it is here."""
    out = []
    phrase = query_words(info.text) if mode == "phrase" else []
    for score, u, h, members in entries:
        found_dense = any(x.dense is not None and x.dense >= dense_floor and x.dense_rank is not None
                          for x, _ in members)
        found_words = any(x.kw > 0 and (x.kw_rank is not None or mode != "hybrid") for x, _ in members)
        matched_by = tuple(m for m, ok in (("dense", found_dense), ("keyword", found_words)) if ok)
        spans, matched = highlight(h.sentence, set(info.stems))
        if phrase:
            spans = tuple(phrase_spans(h.sentence, phrase)) or spans
        boosts = tuple(dict.fromkeys(b for x, _ in members for b in x.boosts))
        cosines = [x.dense for x, _ in members if x.dense is not None]
        cosine = round(max(cosines), 6) if cosines else None
        m = match_score(h, cosine, info, answer_weight)
        duplicates = tuple((x.kind, x.id, x.document_id) for _, x in members
                           if x is not h and (x.kind, x.id) != (h.kind, h.id)
                           and (x.kind == "commitment" or x.document_id != h.document_id))
        duplicates = tuple(dict.fromkeys(duplicates))
        out.append(SearchHit(
            h.kind, h.id, h.document_id, h.doc_name, h.doc_title, h.sentence, round(float(score), 6),
            matched_by, matched, spans, h.commitment, h.passage, h.sentence_start, h.sentence_end, boosts,
            cosine, None if m is None else round(m, 6), duplicates,
            why_text(mode, matched_by, cosine, matched, boosts, len(duplicates)),
        ))
    return out


BOOST_WORDS = {"name": "names {}", "year": "holds the year {}", "passage": "beside a strong match in its paragraph"}


def why_text(mode: str, matched_by: tuple[str, ...], cosine: float | None, matched: tuple[str, ...],
             boosts: tuple[str, ...], duplicates: int) -> str:
    """One sentence saying how a hit was found and what raised it (the UI's "why it matched")."""
    words_part = f"by words ({', '.join(matched)})" if matched else "by words"
    if mode == "phrase":
        parts = [f"found as the phrase ({', '.join(matched)})" if matched else "found as the phrase"]
    elif mode == "all_words":
        parts = [f"found with all the words ({', '.join(matched)})" if matched else "found with all the words"]
    else:
        found = []
        if "dense" in matched_by:
            found.append(f"by meaning (cosine {cosine:.2f})" if cosine is not None else "by meaning")
        if "keyword" in matched_by:
            found.append(words_part)
        if not found:   # a hybrid candidate completed with the other engine's score
            found.append(f"by meaning (cosine {cosine:.2f})" if cosine is not None else words_part)
        parts = ["found " + " and ".join(found)]
        if "keyword" not in matched_by and matched and mode == "hybrid":
            parts.append(f"holds {', '.join(matched)}")
    raised = []
    for b in boosts:
        kind, _, value = b.partition(":")
        if kind == "answer":
            raised.append("asks when and it states a date" if value == "date"
                          else "asks how much and it states an amount")
        elif kind in BOOST_WORDS:
            raised.append(BOOST_WORDS[kind].format(value))
    if raised:
        parts.append("raised: " + "; ".join(raised))
    if duplicates:
        parts.append(f"{duplicates} more like it folded in")
    return "; ".join(parts)


def low_confidence(hits: list[SearchHit], threshold: float, top: int = 3) -> bool:
    """Whether a search found nothing that matches well: no hit, or none of the first `top` hits has a
    `match` (cosine + query-term coverage + answer type) as high as `threshold`
    (RankingParams.low_confidence_match).

    Hits with no match score (keyword mode) give no signal: then only an empty list counts as low.
    """
    if not hits:
        return True
    scores = [h.match for h in hits[:top] if h.match is not None]
    return bool(scores) and max(scores) < threshold
