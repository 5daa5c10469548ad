"""The surface-cue, overlap and give-away measures that the audit and the generator share."""

from content import quality


def test_length_cue_found_on_a_bank_where_true_statements_are_longer():
    bank = [("A short myth.", False), ("Another short myth.", False)] + [
        ("A much longer true statement that goes on and on about the facts.", True),
        ("Yet another long true statement with many more words than the myths.", True),
    ]
    best = quality.surface_cues(bank)[0]
    assert best.accuracy == 1.0
    assert best.name in {"length", "word count"}


def test_balanced_look_alike_bank_has_no_strong_cue():
    bank = [
        ("NATO was founded in 1949 by twelve nations.", True),
        ("NATO was founded in 1955 by twelve nations.", False),
        ("The Council was set up in 2002 in Rome.", True),
        ("The Council was set up in 1997 in Paris.", False),
    ]
    cues = {cue.name: cue.accuracy for cue in quality.surface_cues(bank)}
    assert cues["a number"] == 0.5
    assert cues["always the same answer"] == 0.5
    assert cues["first word"] <= 0.75


def test_words_fold_accents_and_split_contractions():
    assert quality.words("Didn’t Café") == ("did", "not", "cafe")
    assert "not" in quality.words("It isn't")


def test_headline_ignores_case_and_punctuation():
    assert quality.is_headline("NATO has a Cold War mentality.", "NATO has a Cold War mentality")
    assert not quality.is_headline("NATO has no Cold War mentality.", "NATO has a Cold War mentality")


def test_overlap_learner_wins_when_summaries_echo_claims_and_loses_when_they_do_not():
    echoing = [
        ("NATO promised not to expand", "NATO never promised not to expand."),
        ("Missile defence targets Russia", "Missile defence is not aimed at Russia."),
    ]
    assert quality.matching_overlap(echoing).accuracy == 1.0
    reworded = [
        ("NATO promised not to expand", "No such pledge was ever made, as Gorbachev himself confirmed."),
        ("Missile defence targets Russia", "The system protects against limited attacks from outside Europe."),
    ]
    result = quality.matching_overlap(reworded)
    assert result.right <= 1
    assert result.chance == 0.5


def test_gives_away_by_words_in_order_or_most_content_words():
    statement = "The NATO-Russia Council was founded in 2002."
    assert quality.gives_away("We note that the NATO-Russia Council was founded in 2002 in Rome.", statement)
    assert quality.gives_away("Founded 2002: the council of NATO and Russia.", statement)
    assert not quality.gives_away("The Founding Act was signed in 1997.", statement)


def test_giveaway_pairs_are_directed():
    items = [
        ("The Act was signed in 1997.", "The Act was signed in 1997. The Council followed in 2002 in Rome."),
        ("The Council followed in 2002 in Rome.", "The Council followed in 2002 in Rome. Rome hosted it."),
    ]
    assert quality.giveaway_pairs(items) == {(0, 1)}
