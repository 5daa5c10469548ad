"""The document parser, on the bundled NATO seed and on small documents written for each rule."""

import pytest

from content.parsing import DocumentError, decode, parse_document, sentences
from tests.conftest import SEED_TEXT


@pytest.fixture(scope="module")
def seed():
    return parse_document(SEED_TEXT.read_text(encoding="utf-8"))


def claim_titled(seed, start):
    return next(c for c in seed.claims if c.text.startswith(start))


def test_seed_has_six_sections_and_twenty_six_claims(seed):
    assert seed.title == "NATO-Russia relations: the facts"
    assert [s.title for s in seed.sections] == [
        "NATO and its attitude to Russia",
        'NATO as a "threat"',
        "Promises and pledges",
        "NATO enlargement",
        "NATO bases and infrastructure",
        "NATO's operations",
    ]
    assert [len(s.claims) for s in seed.sections] == [5, 3, 3, 4, 4, 7]
    assert seed.warnings == []  # every heading is certain: no false alarms on the real document
    assert all(c.paragraphs and all(p.strip() for p in c.paragraphs) for c in seed.claims)


def test_table_of_contents_is_not_content(seed):
    assert seed.intro.startswith("Since Russia began its illegal military intervention in Ukraine")
    assert seed.intro.endswith("This webpage sets out the facts.")
    assert (
        "NATO promised not to build infrastructure or move troops into the new Allies in Central and Eastern Europe"
        in seed.contents
    )
    first = seed.sections[0]
    assert first.claims[0].text == "NATO has a Cold War mentality"


def test_section_membership(seed):
    threat = seed.sections[1]
    assert [c.text for c in threat.claims] == [
        "NATO is a threat to Russia",
        "NATO missile defence is targeted at Russia",
        "The accession of new Allies to NATO threatens Russia",
    ]
    assert seed.sections[-1].claims[-1].text == "The Ukrainian authorities are illegitimate"


def test_claims_wrapped_over_two_lines(seed):
    assert (
        "NATO promised not to build infrastructure or move troops into the new Allies in Central and Eastern Europe"
        in [c.text for c in seed.claims]
    )
    icj = claim_titled(seed, "Russia's annexation of Crimea")
    assert icj.text.endswith("International Court of Justice on the independence of Kosovo")
    assert icj.references[0].anchor_text == "(online here)"


def test_rebuttal_without_fact_label(seed):
    libya = claim_titled(seed, "NATO's operation over Libya")
    assert libya.text == "NATO's operation over Libya was illegitimate"
    assert libya.paragraphs[0].startswith("The NATO-led operation was launched under the authority of two UN")


def test_paragraphs_are_rebuilt(seed):
    cold_war = seed.claims[0]
    assert len(cold_war.paragraphs) == 6
    assert cold_war.paragraphs[-1] == (
        "This is NATO's official policy, defined and expressed transparently by its highest level of leadership."
    )
    assert "\n" not in cold_war.paragraphs[0]


def test_hyphenated_words_broken_at_line_ends_keep_their_hyphen(seed):
    body = " ".join(p for c in seed.claims for p in c.paragraphs)
    for word in ["counter-terrorism", "NATO-Russia Council", "one-party dictatorship", "internationally-recognised"]:
        assert word in body
    assert "counter- terrorism" not in body and "counterterrorism" not in body


def test_non_breaking_spaces_and_curly_quotes_are_normalised(seed):
    text = " ".join([seed.title, seed.intro] + [p for c in seed.claims for p in c.paragraphs])
    assert "\u00a0" not in text and "  " not in text
    assert "Europe. At pathbreaking Summit" in seed.claims[0].paragraphs[2]
    assert '""' not in text


def test_page_break_leading_space_continues_the_paragraph(seed):
    purpose = claim_titled(seed, "NATO's purpose")
    assert "the rule of law. They seek to promote stability" in purpose.paragraphs[1]


def test_lost_links_are_recorded(seed):
    cold_war = seed.claims[0]
    assert [r.anchor_text for r in cold_war.references] == [
        "(resolution and voting record online here)",
        "(The Wales Summit Declaration can be read here)",
    ]
    isolate = claim_titled(seed, "NATO has tried to isolate")
    assert len(isolate.references) == 6  # "here and here" and a list of three count separately


MINIMAL = """Myths and facts

A short introduction.

First section

Claim: The moon is made of cheese

Fact: The moon is made of rock.

Claim: Water is dry

Fact: Water is wet.
"""


def test_minimal_document():
    doc = parse_document(MINIMAL)
    assert doc.title == "Myths and facts"
    assert doc.intro == "A short introduction."
    assert [s.title for s in doc.sections] == ["First section"]
    assert [c.text for c in doc.sections[0].claims] == ["The moon is made of cheese", "Water is dry"]
    assert doc.claims[1].paragraphs == ["Water is wet."]


def test_document_without_headings_uses_one_section_named_after_the_title():
    doc = parse_document("Just claims\n\nClaim: One\nFact: Two.\n\nClaim: Three\nFact: Four.\n")
    assert [(s.title, len(s.claims)) for s in doc.sections] == [("Just claims", 2)]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "empty", 0),
        ("Title only\n\nSome text but no claims.\n", "no claims", 0),
        ("Title\n\nClaim: A claim with nothing after it\n", "has no fact", 3),
        ("Title\n\nClaim: First\nFact: Yes.\n\nClaim: Second\n", "has no fact", 6),
        ("Title\n\nClaim:\nFact: Orphan fact.\n", "not followed by the claim", 3),
        ("Claim: no title\nFact: x.\n", "title", 1),
    ],
)
def test_malformed_documents_name_the_line(text, message, line):
    with pytest.raises(DocumentError) as caught:
        parse_document(text)
    assert message in str(caught.value)
    assert caught.value.line == line


def test_non_utf8_is_refused_with_its_line():
    with pytest.raises(DocumentError) as caught:
        decode("Title\n\nClaim: caf\xe9\n".encode("latin-1"))
    assert caught.value.line == 3
    assert "UTF-8" in str(caught.value)


def test_sentences_keep_closing_quotes():
    assert sentences('He said "no." Then he left. U.S. forces stayed.') == [
        'He said "no."',
        "Then he left.",
        "U.S. forces stayed.",
    ]
