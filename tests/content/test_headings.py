"""Section headings however they end ("?", quotes, numbers), and the warnings for lines that read two ways."""

from pathlib import Path

import pytest
from django.core.management import call_command

from content.models import Section
from content.parsing import DocumentError, parse_document

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def outline(doc):
    return [(s.title, s.line, len(s.claims)) for s in doc.sections]


def test_question_headings_start_sections_and_are_reported_with_their_line():
    doc = parse_document(read("vaccines-question-headings.txt"))
    assert outline(doc) == [
        ("Do vaccines work?", 7, 2),
        ("Are vaccines safe?", 24, 2),
        ("What is in a vaccine?", 37, 2),
    ]
    # The rebuttal before each heading keeps its own text and nothing of the heading.
    assert doc.sections[0].claims[-1].paragraphs[-1].endswith("in country after country.")
    assert [w.line for w in doc.warnings] == [7, 24, 37]
    assert str(doc.warnings[1]) == (
        "line 24: “Are vaccines safe?” could be a section heading or the end of the fact before it; read as a "
        "heading. If it ends the fact, join it to the line before; to confirm the heading, write it as "
        "“Section: Are vaccines safe?”"
    )
    assert "the end of the introduction before it" in doc.warnings[0].message


def test_section_label_confirms_a_heading_without_a_warning():
    text = read("vaccines-question-headings.txt")
    for heading in ("Do vaccines work?", "Are vaccines safe?", "What is in a vaccine?"):
        text = text.replace(f"\n{heading}\n", f"\nSection: {heading}\n")
    doc = parse_document(text)
    assert outline(doc) == [
        ("Do vaccines work?", 7, 2),
        ("Are vaccines safe?", 24, 2),
        ("What is in a vaccine?", 37, 2),
    ]
    assert doc.warnings == []


def test_table_of_contents_confirms_a_question_heading():
    text = read("vaccines-question-headings.txt").replace(
        "often ask about vaccines.\n", "often ask about vaccines.\n\n• Do vaccines work?\n\n• Are vaccines safe?\n", 1
    )
    doc = parse_document(text)
    assert [s.title for s in doc.sections] == ["Do vaccines work?", "Are vaccines safe?", "What is in a vaccine?"]
    assert doc.contents == ["Do vaccines work?", "Are vaccines safe?"]
    # Only the heading the contents do not list is still in doubt.
    assert [w.message.split("”")[0] for w in doc.warnings] == ["“What is in a vaccine?"]


def test_numbered_headings_arabic_and_roman():
    doc = parse_document(read("tap-water-numbered-headings.txt"))
    assert outline(doc) == [("1. Where the water comes from", 6, 2), ("II. Treatment", 18, 2), ("III. Pipes", 30, 2)]
    assert doc.warnings == []


def test_quoted_headings_straight_and_curly():
    doc = parse_document(read("honey-bees-quoted-headings.txt"))
    assert outline(doc) == [("'Colony collapse'", 6, 2), ('"Bee-friendly" gardens', 18, 2)]
    assert doc.warnings == []
    assert doc.sections[0].claims[-1].paragraphs == [
        "Parasites, diseases, poor food and bad weather all weaken colonies, often several at once."
    ]


def test_lines_that_read_two_ways_are_reported_and_read_one_way():
    doc = parse_document(read("recycling-ambiguous-lines.txt"))
    by_line = {w.line: w.message for w in doc.warnings}
    assert sorted(by_line) == [13, 19, 27]
    # A question after a full stop: read as a heading, said so.
    assert doc.sections[1].title == "Why would anyone pay to collect it twice?"
    assert "read as a heading" in by_line[13]
    # A quoted sentence, and the next item of a numbered list: read as the fact's text, said so.
    bottles, lids = doc.sections[1].claims[0], doc.sections[1].claims[1]
    assert bottles.paragraphs[-1].endswith('"Rinse, then recycle."')
    assert "read as part of the fact" in by_line[19]
    assert lids.paragraphs[-1] == "2. Put the lid back on."
    assert "next item of the list" in by_line[27]


def test_joining_the_question_to_its_fact_removes_the_doubt():
    text = read("recycling-ambiguous-lines.txt").replace(
        "each year.\n\nWhy would anyone", "each year. Why would anyone"
    )
    doc = parse_document(text)
    assert [s.title for s in doc.sections] == ["Sorting at home"]
    assert doc.claims[0].paragraphs[-1].endswith("Why would anyone pay to collect it twice?")
    assert 13 not in {w.line for w in doc.warnings}


def test_a_heading_with_no_claim_after_it_is_reported():
    doc = parse_document("Doc\n\nPart\n\nClaim: Alpha is wrong\nFact: Alpha is right.\n\nFurther reading\n")
    assert [str(w) for w in doc.warnings] == [
        "line 8: “Further reading” looks like a section heading, but no claim follows it; read as the end of "
        "the fact before it. If it is not part of that fact, remove it"
    ]
    assert doc.claims[0].paragraphs == ["Alpha is right. Further reading"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("Doc\n\nClaim: A\nFact: B.\n\nSection: Nothing after\n", "the section “Nothing after” has no claims", 6),
        ("Doc\n\nClaim: A\nFact: B.\nSection: Misplaced\nMore of the fact.\n", '"Section:" heading must come', 5),
        ("Doc\n\nSection:\nClaim: A\nFact: B.\n", '"Section:" is not followed by the heading', 3),
        (
            "Doc\n\nPart\n\nClaim: Same\nFact: One.\n\nClaim: Same\nFact: Two.\n",
            "the claim “Same” is in the section “Part” twice (lines 5 and 8)",
            8,
        ),
    ],
)
def test_misused_section_labels_and_repeated_claims_are_refused(text, message, line):
    with pytest.raises(DocumentError) as caught:
        parse_document(text)
    assert message in str(caught.value)
    assert caught.value.line == line


@pytest.mark.django_db
@pytest.mark.usefixtures("empty")
def test_import_report_names_the_lines_in_doubt(capsys):
    call_command("import_document", str(DATA / "vaccines-question-headings.txt"))
    out = capsys.readouterr().out
    assert list(Section.objects.values_list("title", flat=True)) == [
        "Do vaccines work?",
        "Are vaccines safe?",
        "What is in a vaccine?",
    ]
    assert "  line 24: “Are vaccines safe?” could be a section heading or the end of the fact before it" in out
