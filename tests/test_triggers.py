"""The trigger lexicon and finder: sentences written for these tests, the real spaCy model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.extract.triggers import (
    KG,
    LEX,
    TriggerHit,
    find_triggers,
    lexicon_files,
    load_trigger_index,
    read_trigger_index,
)
from kgraph.resources import ontology_path

REPO = Path(__file__).resolve().parents[1]
CONVERTER = REPO / "scripts" / "convert_cameo.py"


@pytest.fixture(scope="module")
def hits(nlp):
    """(sentence) -> [(head text, [token texts], predicate, pos)] for the whole sentence."""

    def run(text: str) -> list[tuple[str, list[str], str, str]]:
        doc = nlp(text)
        return [
            (doc[h.head].text, [doc[i].text for i in h.tokens], h.predicate, h.pos)
            for h in find_triggers(list(doc))
        ]

    return run


def _found(found, predicate: str, head: str, pos: str | None = None) -> bool:
    return any(p == predicate and h == head and (pos is None or k == pos) for h, _, p, k in found)


# --- one verb and one noun for each predicate ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "head", "predicate"),
    [
        ("Norway mediated between the two parties last spring.", "mediated", "mediated"),
        ("The foreign ministers met in Vienna on Friday.", "met", "holdsTalksWith"),
        ("The two governments negotiated for a week.", "negotiated", "holdsTalksWith"),
        ("Both delegations signed the document in Oslo.", "signed", "signedAgreementWith"),
        ("The militia disbanded after the election.", "disbanded", "agreedToDisband"),
        ("The battalion withdrew from the valley overnight.", "withdrew", "agreedToWithdraw"),
        ("The ministry denied the report on Sunday.", "denied", "denies"),
        ("The mayor accused the police of negligence.", "accused", "accused"),
        ("Gunmen attacked a convoy near the river.", "attacked", "attacked"),
        ("Artillery units shelled the northern suburbs.", "shelled", "attacked"),
        ("The alliance deployed two brigades in the region.", "deployed", "deployedIn"),
        ("Rebels captured the airport at dawn.", "captured", "controls"),
        ("Several governments openly back the opposition.", "back", "supports"),
    ],
)
def test_verb_triggers(hits, text, head, predicate):
    found = hits(text)
    assert _found(found, predicate, head, "VERB"), found


@pytest.mark.parametrize(
    ("text", "head", "predicate"),
    [
        ("The mediation of the bishops ended the standoff.", "mediation", "mediated"),
        ("A mediator travelled to the capital.", "mediator", "mediated"),
        ("Negotiations resumed in the afternoon.", "Negotiations", "holdsTalksWith"),
        ("The talks lasted until midnight.", "talks", "holdsTalksWith"),
        ("The signing took place in a hotel.", "signing", "signedAgreementWith"),
        ("The truce held for three days.", "truce", "agreedToCeasefire"),
        ("The disarmament of the militias is slow.", "disarmament", "agreedToDisband"),
        ("The withdrawal began on Monday.", "withdrawal", "agreedToWithdraw"),
        ("His denial came within an hour.", "denial", "denies"),
        ("The accusation angered the cabinet.", "accusation", "accused"),
        ("Clashes erupted along the border.", "Clashes", "attacked"),
        ("The fighting spread to the port.", "fighting", "attacked"),
        ("The deployment was approved by parliament.", "deployment", "deployedIn"),
        ("The offensive stalled in the hills.", "offensive", "launchedOperationAgainst"),
    ],
)
def test_noun_triggers(hits, text, head, predicate):
    found = hits(text)
    assert _found(found, predicate, head, "NOUN"), found


# --- phrasal verbs, multiword patterns, compounds --------------------------------------------


def test_phrasal_verb_pull_out_with_particle(hits):
    found = hits("The garrison will pull out of the old fortress next week.")
    assert ("pull", ["pull", "out"], "agreedToWithdraw", "VERB") in found


def test_phrasal_particle_separated_from_its_verb(nlp):
    doc = nlp("The army pulled its last units out of the province.")
    hit = next(h for h in find_triggers(list(doc)) if h.predicate == "agreedToWithdraw")
    assert {"pulled", "out"} <= {doc[i].text for i in hit.tokens}
    assert "units" not in {doc[i].text for i in hit.tokens}


def test_phrasal_verb_beats_the_bare_verb_of_another_predicate(hits):
    found = hits("Negotiators hammered out a framework on Tuesday.")
    assert _found(found, "signedAgreementWith", "hammered")
    assert not _found(found, "attacked", "hammered"), found


def test_multiword_pattern_put_names_to(hits):
    found = hits("Both leaders put their names to the framework in Cairo.")
    assert (
        "put",
        ["put", "their", "names", "to"],
        "signedAgreementWith",
        "VERB",
    ) in found


def test_multiword_cameo_pattern_hold_talks(nlp):
    doc = nlp("The envoys held talks with the rebel command.")
    hit = next(h for h in find_triggers(list(doc)) if h.predicate == "holdsTalksWith")
    assert [doc[i].text for i in hit.tokens] == ["held", "talks"]
    assert hit.source == "cameo" and hit.cameo and hit.cameo.startswith("04")
    assert "talks" not in [doc[h.head].text for h in find_triggers(list(doc))]


def test_agree_maps_by_its_object(hits):
    ceasefire = hits("The commanders agreed to a truce on Sunday.")
    deal = hits("The commanders agreed on a deal on Sunday.")
    assert _found(ceasefire, "agreedToCeasefire", "agreed")
    assert _found(deal, "signedAgreementWith", "agreed")
    assert not _found(deal, "agreedToCeasefire", "agreed")


def test_hyphenated_noun_owns_its_words(hits):
    found = hits("The cease-fire collapsed within hours.")
    assert ("cease", ["cease", "-", "fire"], "agreedToCeasefire", "NOUN") in found
    assert not _found(found, "attacked", "fire"), found


def test_verb_and_object_keep_both_predicates(hits):
    found = hits("The accord ended four years of war between the neighbours.")
    assert _found(found, "agreedToCeasefire", "ended")
    assert _found(found, "attacked", "war", "NOUN"), found


def test_pattern_word_further_away_must_depend_on_the_trigger(hits):
    near = hits("The two states agreed upon a new free-trade pact.")
    assert _found(near, "signedAgreementWith", "agreed"), near
    far = hits("Officials who agreed yesterday say the commission will review the pact.")
    assert not _found(far, "signedAgreementWith", "agreed"), far


def test_british_spelling_of_a_cameo_verb(hits):
    found = hits("Armed gangs have been terrorising the villages for months.")
    assert _found(found, "attacked", "terrorising", "VERB"), found


def test_compound_brokered_names_its_actor(nlp):
    doc = nlp("The Qatar-brokered arrangement took effect at noon.")
    hit = next(h for h in find_triggers(list(doc)) if h.pos == "COMPOUND")
    assert hit.predicate == "mediated" and doc[hit.head].text == "brokered"
    assert hit.actor is not None and doc[hit.actor].text == "Qatar"


def test_compound_backed_is_support(nlp):
    doc = nlp("An Iran-backed militia took the bridge.")
    predicates = {h.predicate for h in find_triggers(list(doc)) if h.pos == "COMPOUND"}
    assert predicates == {"supports"}


def test_target_prepositions_are_reported(nlp):
    doc = nlp("Kenya mediated between the rival factions.")
    hit = next(h for h in find_triggers(list(doc)) if h.predicate == "mediated")
    assert "between" in hit.target_preps


def test_participle_modifying_a_noun_is_an_adjective_trigger(hits):
    found = hits("The signed accord was published on Monday.")
    assert _found(found, "signedAgreementWith", "signed", "ADJ"), found
    assert not _found(hits("They agreed yesterday."), "signedAgreementWith", "agreed")


def test_hyphenated_lemma_matches_the_split_tokens(hits):
    found = hits("A go-between carried the letters across the line.")
    assert ("go", ["go", "-", "between"], "mediated", "NOUN") in found


def test_title_case_headline_verbs_still_trigger(hits):
    # the tagger calls these verbs proper nouns
    found = hits("Swiss Envoy To Mediate Border Dispute In Geneva")
    assert _found(found, "mediated", "Mediate", "VERB"), found
    found = hits("Arctic Council Members Sign Fishing Accord")
    assert _found(found, "signedAgreementWith", "Sign", "VERB"), found
    # in running text a proper noun is never a verb trigger
    assert not _found(hits("The Sign Company opened a shop."), "signedAgreementWith", "Sign")


def test_reverse_cameo_code_marks_the_recipient_as_subject(nlp):
    doc = nlp("The militia received tanks from a neighbouring state.")
    hit = next(h for h in find_triggers(list(doc)) if h.predicate == "supports")
    assert hit.reverse and doc[hit.head].text == "received"
    doc = nlp("The neighbouring state gave weapons to the militia.")
    hit = next(h for h in find_triggers(list(doc)) if h.predicate == "supports")
    assert not hit.reverse
    doc = nlp("Four soldiers died in an airstrike near the river.")
    hit = next(h for h in find_triggers(list(doc)) if doc[h.head].text == "died")
    assert hit.predicate == "attacked" and hit.reverse


def test_no_trigger_in_an_unrelated_sentence(hits):
    assert hits("The weather was mild and the market opened late.") == []


def test_hits_use_doc_indices_of_the_sentence(nlp):
    doc = nlp("Heavy rain fell. Later the rebels attacked the depot.")
    second = list(doc.sents)[1]
    (hit,) = [h for h in find_triggers(second) if h.predicate == "attacked"]
    assert doc[hit.head].text == "attacked" and hit.head > second.start
    assert isinstance(hit, TriggerHit)


# --- the data --------------------------------------------------------------------------------


def _contract_predicates() -> set[str]:
    graph = ox.parse(path=str(ontology_path("kgraph.ttl")), format=ox.RdfFormat.TURTLE)
    sub = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"
    return {
        q.subject.value[len(KG) :]
        for q in graph
        if q.predicate.value == sub and q.object.value == KG + "relatedTo"
    }


def test_shipped_lexicon_parses_and_names_only_contract_predicates():
    index = load_trigger_index()
    assert len(index) > 3000
    assert index.predicates() <= _contract_predicates()
    sources = {e.source for e in index.entries()}
    assert sources == {"cameo", "curated"}


def test_cameo_file_carries_attribution_and_is_sorted():
    path = ontology_path("lexicon/cameo_triggers.ttl")
    head = path.read_text(encoding="utf-8")[:1200]
    assert "Open Event Data Alliance" in head and "MIT" in head
    notice = ontology_path("lexicon/NOTICE.md").read_text(encoding="utf-8")
    assert "PETRARCH2" in notice and "MIT" in notice
    subjects = [
        q.subject.value
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        if q.predicate.value == LEX + "predicate"
    ]
    assert subjects and len(subjects) == len(set(subjects))


def test_existing_word_sets_still_load():
    from kgraph.extract.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert "mediate" in lexicon["mediateVerb"]
    assert "withdrawal" in lexicon["withdrawNoun"]


def test_curated_trigger_with_unknown_synset_is_an_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        f'<{LEX}t1> a <{LEX}Trigger> ; <{LEX}lemma> "sign" ; <{LEX}pattern> "* &nothing" ;\n'
        f"    <{LEX}predicate> <{KG}signedAgreementWith> .\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unknown synset"):
        read_trigger_index([bad])


def test_lexicon_files_include_the_curated_and_cameo_files():
    names = {p.name for p in lexicon_files()}
    assert {"cameo_triggers.ttl", "nominal_triggers.ttl", "trigger_schema.ttl"} <= names


# --- the converter ---------------------------------------------------------------------------

SAMPLE = """# a tiny dictionary in the PETRARCH verb format, written for this test
####### SYNONYM SETS #######

&TRUCE_WORDS
+TRUCE
+CEASE_FIRE

####### VERB PATTERNS #######

---  PARLEY   [040]  ---
CONFER
+SIT_DOWN
- * (WITH +)                                        [046]         # CONFER
- * (BETWEEN)                                       [045]         # CONFER
- * &TRUCE_WORDS (BETWEEN)                          [045]         # CONFER

---  DEPART   [080]  ---
RETREAT
- * (FROM +)                                        [0874]        # RETREAT
- * &TRUCE_WORDS                                    [0871]        # RETREAT
- * (TO PARTY)                                      [042:043]     # RETREAT
- * &TRUCE_WORDS (IN ^) (WITH)                      [0871]        # RETREAT

---  OBTAIN   [---]  ---
RECEIVE
- * &TRUCE_WORDS (FROM)                             [:0871]       # RECEIVE

---  GROUSE   [---]  ---
GRUMBLE [111]
"""

EXPECTED = """lex:cameo-agreedToCeasefire-retreat-{d1} a lex:Trigger ;
    lex:lemma "retreat" ;
    lex:pos "VERB" ;
    lex:pattern "* &truce_words" ;
    lex:cameoCode "0871" ;
    lex:source "cameo" ;
    lex:predicate kg:agreedToCeasefire .
"""


def _convert(tmp_path: Path, text: str, skip: str | None = None) -> subprocess.CompletedProcess:
    folder = tmp_path / "phoenix"
    folder.mkdir(exist_ok=True)
    (folder / "CAMEO.2.0.txt").write_text(text, encoding="utf-8")
    args = [sys.executable, str(CONVERTER), str(folder), "--out", str(tmp_path / "out.ttl")]
    if skip is not None:
        (tmp_path / "skip.txt").write_text(skip, encoding="utf-8")
        args += ["--skip", str(tmp_path / "skip.txt")]
    return subprocess.run(args, capture_output=True, text=True, check=False)


def _triggers(path: Path) -> dict[str, dict[str, set[str]]]:
    """{lemma/pattern key: {property: values}} of a converted file."""
    by_subject: dict[str, dict[str, set[str]]] = {}
    for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        fields = by_subject.setdefault(q.subject.value, {})
        fields.setdefault(q.predicate.value.rsplit("#", 1)[-1], set()).add(q.object.value)
    return {
        " ".join(sorted(f["lemma"] | f.get("particle", set()) | f.get("pattern", set()))): f
        for f in by_subject.values()
        if "lemma" in f
    }


def test_converter_maps_codes_to_predicates(tmp_path):
    result = _convert(tmp_path, SAMPLE)
    assert result.returncode == 0, result.stderr
    found = _triggers(tmp_path / "out.ttl")
    assert found["confer"]["predicate"] == {KG + "holdsTalksWith"}
    assert found["confer"]["cameoCode"] == {"040"}
    assert found["down sit"]["predicate"] == {KG + "holdsTalksWith"}  # +SIT_DOWN: particle
    assert found["* between confer"]["predicate"] == {KG + "mediated"}
    assert found["* between confer"]["targetPrep"] == {"between"}
    assert found["* with confer"]["targetPrep"] == {"with"}
    assert found["* from retreat"]["predicate"] == {KG + "agreedToWithdraw"}
    assert found["* from retreat"]["targetPrep"] == {"from"}
    assert found["* &truce_words retreat"]["predicate"] == {KG + "agreedToCeasefire"}
    # the pattern applies to every verb of its block, the phrasal one included
    # a preposition alone belongs to the verb the pattern was written for (# CONFER) ...
    assert "* between down sit" not in found
    # ... an object is shared by every verb of the block, the phrasal one included
    assert found["* &truce_words between down sit"]["predicate"] == {KG + "mediated"}
    assert found["* &truce_words between down sit"]["targetPrep"] == {"between"}
    # 080 (retreat alone), 111 (grumble) and 042:043 map to no predicate / are skipped ...
    assert "retreat" not in found and "grumble" not in found
    # ... and 042 (visit) does: the first code of a pair is the one kept
    assert found["* to party retreat"]["cameoCode"] == {"042"}
    # '[:0871]': the code holds from the target to the source
    assert found["* &truce_words from receive"]["reverse"] == {"true"}
    assert found["* &truce_words from receive"]["cameoCode"] == {"0871"}
    assert "reverse" not in found["* from retreat"]
    # '(IN ^)' is a skipped phrase: only 'with' introduces the other party
    assert found["* &truce_words in with retreat"]["targetPrep"] == {"with"}


def test_converter_output_is_deterministic_turtle_with_synsets(tmp_path):
    _convert(tmp_path, SAMPLE)
    first = (tmp_path / "out.ttl").read_text(encoding="utf-8")
    _convert(tmp_path, SAMPLE)
    assert (tmp_path / "out.ttl").read_text(encoding="utf-8") == first
    assert "Open Event Data Alliance" in first
    assert 'lex:synset-truce_words a lex:Synset ;\n    lex:phrase "cease_fire",\n' in first
    block = next(b for b in first.split("\n\n") if '"* &truce_words"' in b and '"retreat"' in b)
    digest = block.split()[0].rsplit("-", 1)[1]
    assert block + "\n" == EXPECTED.format(d1=digest)
    index = read_trigger_index([ontology_path("lexicon/trigger_schema.ttl"), tmp_path / "out.ttl"])
    retreat = {
        tuple(slot.options for slot in e.after)
        for e in index.by_lemma["retreat"]
        if e.predicate == "agreedToCeasefire"
    }
    assert ((("cease", "fire"), ("truce",)),) in retreat
    assert ((("cease", "fire"), ("truce",)), (("in",),), (("with",),)) in retreat


def test_converter_skip_list_removes_bare_verbs_only(tmp_path):
    result = _convert(tmp_path, SAMPLE, skip="verb confer\nblock PARLEY\n")
    assert result.returncode == 0, result.stderr
    found = _triggers(tmp_path / "out.ttl")
    assert "confer" not in found and "down sit" not in found
    assert "* between confer" in found
    _convert(tmp_path, SAMPLE, skip="all confer\n")
    found = _triggers(tmp_path / "out.ttl")
    assert not [key for key in found if "confer" in key.split()]
    assert "down sit" in found and "* &truce_words between down sit" in found
    _convert(tmp_path, SAMPLE, skip="pattern mediated * between\n")
    found = _triggers(tmp_path / "out.ttl")
    assert "* between confer" not in found and "* with confer" in found
    bad = _convert(tmp_path, SAMPLE, skip="remove confer\n")
    assert bad.returncode == 2 and "skip.txt:1" in bad.stderr


def test_converter_bad_input_is_one_line_error(tmp_path):
    result = _convert(tmp_path, "just some text\nwithout any verb blocks\n")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "error:" in result.stderr
    missing = subprocess.run(
        [sys.executable, str(CONVERTER), str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2 and "not found" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_frame_word_sets_name_registered_conventions():
    """Every frame of the lexicon is read by a convention: its own (lex:convention) or its
    predicate's; the word sets its attributes name exist."""
    from kgraph.extract.conventions import _CONVENTIONS
    from kgraph.extract.lexicon import load_lexicon

    lex = load_lexicon()
    for frame_set in lex.frame_sets():
        assert (frame_set.convention or frame_set.predicate) in _CONVENTIONS, frame_set
        if frame_set.needs_object:
            assert lex[frame_set.needs_object], frame_set


def test_event_classes_come_from_the_lexicon_orders():
    from kgraph.extract.lexicon import load_lexicon

    lex = load_lexicon()
    assert lex.first_class("nounEvents", {"ceasefire", "talks"}) == "CeasefireAgreement"
    assert lex.first_class("nounEvents", {"deal", "talks"}) == "Talks"
    assert lex.first_class("outcomeEvents", {"deal", "talks"}) == "Agreement"
    assert lex.first_class("outcomeEvents", {"weather"}) is None
    assert lex.event_class_of("withdrawVerb") == "Withdrawal"


def test_marks_only_entries_still_mark_their_words_but_make_no_edge(nlp, extract_text, facts):
    """CAMEO's 'occupy territory' block (lex:marksOnly) also holds arrests: soldiers arresting
    a town's mayor take no town."""
    text = "Sudanese troops arrested the mayor of Kassala."
    doc = nlp(text)
    marked = [h for h in find_triggers(list(doc)) if h.predicate == "controls"]
    assert marked and all(h.marks_only for h in marked), marked
    assert not any(p == "controls" for _, p, _ in facts(extract_text(text)))


def test_converter_writes_marks_only_for_the_occupy_block():
    index = load_trigger_index()
    occupy = [e for e in index.entries() if e.cameo == "192"]
    assert occupy and all(e.marks_only for e in occupy)
    assert not any(e.marks_only for e in index.entries() if e.cameo != "192")


def test_broad_mediation_nouns_need_named_sides(extract_text, facts):
    """lex:needsParties on the lexicon's mediation nouns: an envoy who only arrives mediated
    nothing; an envoy between named sides did."""
    arrived = facts(extract_text("Norway's envoy arrived in Colombo on Monday."))
    assert not any(p == "mediated" for _, p, _ in arrived), arrived
    between = facts(extract_text("Switzerland sent an envoy between Sudan and Chad in May."))
    assert ("Switzerland", "mediated", "Sudan") in between, between
