"""Spot the technique: option drawing, the quiz through the site, per-technique scores, and a test-wise learner."""

import csv
import io
import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from content.models import Claim, ClaimTechnique, Technique, TechniqueExample
from quiz import generation
from quiz.generation import Candidate, History, TechniqueChoice
from quiz.models import Attempt, Quiz
from tests.factories import CohortFactory, LearnerFactory
from tests.helpers import answers_for, start, step_url

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

# --- Drawing the options (pure) -------------------------------------------------------------------

FAMILIES = {1: "4d", 2: "fallacies"}
TECHNIQUES = [TechniqueChoice(i, f"T{i}", 1 if i <= 5 else 2) for i in range(1, 13)]


def claim(key: int, right: int, secondary=()) -> Candidate:
    return Candidate(
        key=key, claim_id=key, prompt=f"claim {key}", claim_text=f"claim {key}", rebuttal_summary="",
        technique_id=right, excluded_techniques=frozenset({right, *secondary}),
    )


def example(pk: int, right: int) -> Candidate:
    return Candidate(key=-pk, claim_id=None, prompt=f"example {pk}", claim_text="", rebuttal_summary="",
                     technique_id=right, example_id=pk)


CLAIMS = [claim(k, right=1 + k % 12, secondary=[1 + (k + 3) % 12, 1 + (k + 7) % 12]) for k in range(1, 21)]
EXAMPLES = [example(pk, right=1 + pk % 12) for pk in range(1, 9)]


def plan(seed: int, *, wanted: int = 10, example_count: int = 2, history=None):
    return generation.plan_technique(
        candidates=CLAIMS, examples=EXAMPLES, techniques=TECHNIQUES, history=history or {},
        wanted=wanted, example_count=example_count, seed=seed,
    )


@pytest.mark.parametrize("seed", range(40))
def test_options_are_four_techniques_with_the_right_one_once_and_never_a_secondary_tag(seed):
    drawn = plan(seed)
    assert len(drawn.items) == 10 and drawn.step_count == 10
    for item in drawn.items:
        options = drawn.options[item.step]
        ids = [o.technique_id for o in options]
        assert len(ids) == len(set(ids)) == 4  # never the right answer (or any technique) twice
        assert ids.count(item.candidate.technique_id) == 1
        assert item.correct_choice == generation.technique_key(item.step, item.candidate.technique_id)
        secondary = item.candidate.excluded_techniques - {item.candidate.technique_id}
        assert not secondary & set(ids)
        families = {TECHNIQUES[o.technique_id - 1].family_id for o in options}
        assert families == {1, 2}  # both families offered, so neither gives the answer away


def test_the_family_with_more_options_holds_the_answer_no_more_often_than_chance_says():
    """How many wrong options share the answer's family is drawn: "drop the odd family out" must not work."""
    majority_right = majority_items = 0
    for seed in range(300):
        drawn = plan(seed)
        for item in drawn.items:
            counts = Counter(TECHNIQUES[o.technique_id - 1].family_id for o in drawn.options[item.step])
            family, size = counts.most_common(1)[0]
            if size == 3:  # three of one family, one of the other
                majority_items += 1
                majority_right += TECHNIQUES[item.candidate.technique_id - 1].family_id == family
    assert 0.68 < majority_right / majority_items < 0.82  # 3 of 4 options: 0.75 when nothing gives it away


def test_the_same_seed_draws_the_same_quiz_and_another_seed_another():
    def shape(p):
        return [(i.candidate.key, [o.key for o in p.options[i.step]]) for i in p.items]

    assert shape(plan(7)) == shape(plan(7))
    assert shape(plan(7)) != shape(plan(8))


def test_examples_are_mixed_in_as_asked_and_missed_items_come_back_first():
    drawn = plan(3, example_count=3)
    assert sum(1 for i in drawn.items if i.candidate.example_id) == 3
    assert sum(1 for i in plan(3, example_count=0).items if i.candidate.example_id) == 0
    missed = {CLAIMS[-1].key: History(seen=1, wrong=1), -EXAMPLES[-1].example_id: History(seen=1, wrong=1)}
    keys = {i.candidate.key for i in plan(3, history=missed).items}
    assert CLAIMS[-1].key in keys and -EXAMPLES[-1].example_id in keys


def test_where_the_right_answer_sits_is_spread_evenly():
    places = Counter()
    for seed in range(200):
        drawn = plan(seed)
        for item in drawn.items:
            keys = [o.key for o in drawn.options[item.step]]
            places[keys.index(item.correct_choice)] += 1
    assert min(places.values()) > 0.2 * sum(places.values())  # each of the four places about a quarter


# --- The bundled taxonomy ---------------------------------------------------------------------------


def test_every_seed_claim_has_one_primary_and_at_most_two_secondary_techniques(seeded):
    assert Technique.objects.count() == 12
    assert set(Technique.objects.values_list("family__slug", flat=True)) == {"4d", "fallacies"}
    for seed_claim in Claim.objects.all():
        roles = Counter(seed_claim.technique_tags.values_list("role", flat=True))
        assert roles["primary"] == 1 and roles["secondary"] <= 2, seed_claim
    assert all(2 <= len(t.cue_list) <= 4 for t in Technique.objects.all())
    assert Counter(TechniqueExample.objects.values_list("technique__slug", flat=True)) == {
        slug: 2 for slug in Technique.objects.values_list("slug", flat=True)
    }


def test_quoted_words_in_rationales_are_the_documents_own(seeded):
    def plain(text: str) -> str:
        for mark in "'\"‘’“”":  # quotes nest and the import folds curly ones: compare the words
            text = text.replace(mark, "")
        return " ".join(text.split()).lower()

    for tag in ClaimTechnique.objects.select_related("claim__rebuttal"):
        source = plain(tag.claim.text + " " + tag.claim.rebuttal.body + " " + tag.claim.rebuttal.summary)
        for quoted in re.findall(r"“([^”]+)”", tag.rationale):
            assert plain(quoted).strip(" .,") in source, (tag.claim.text, quoted)


# --- The quiz through the site ---------------------------------------------------------------------


@pytest.fixture
def technique_quiz(seeded):
    quiz = Quiz.objects.get(section__position=1, kind=Quiz.Kind.TECHNIQUE)
    Quiz.objects.filter(pk=quiz.pk).update(item_count=6, example_count=2)
    quiz.refresh_from_db()
    return quiz


def test_a_technique_item_shows_a_quoted_claim_and_four_techniques_and_no_answer(signed_in, technique_quiz):
    attempt = start(signed_in, technique_quiz)
    item = attempt.items.get(step=1)
    page = signed_in.get(step_url(attempt, 1)).text
    assert "Which technique does this statement mainly use?" in page
    assert page.count(f'name="{item.token}"') == 4
    for option in attempt.options_for(1):
        assert f'value="{option["token"]}"' in page and option["text"] in page
    assert item.explanation not in page  # the rationale only comes with the feedback
    assert "technique_id" not in page and str(item.technique_id) not in re.findall(r'value="([^"]+)"', page)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_answering_shows_the_technique_its_rationale_and_cues(signed_in, technique_quiz, headers):
    attempt = start(signed_in, technique_quiz)
    item = attempt.items.get(step=1)
    wrong = next(o for o in attempt.options_for(1) if o["token"] != item.correct_choice)
    response = signed_in.post(step_url(attempt, 1), {item.token: wrong["token"], "certainty": "low"}, **headers)
    text = response.text if headers else signed_in.get(step_url(attempt, 1)).text
    technique = Technique.objects.get(pk=item.technique_id)
    assert "Not quite" in text and f"You chose <strong>{wrong['text']}</strong>" in text
    assert f"mainly uses <strong>{technique.name}</strong>" in text
    assert technique.cue_list[0].replace("'", "&#x27;") in text
    if item.claim_id:
        assert item.explanation.replace("'", "&#x27;").replace('"', "&quot;")[:40] in text
        assert reverse("content:claim-by-id", args=[item.claim_id]) in text


def test_a_technique_answer_is_validated_and_recorded_once(signed_in, technique_quiz):
    attempt = start(signed_in, technique_quiz)
    item = attempt.items.get(step=1)
    refused = signed_in.post(step_url(attempt, 1), {item.token: "not-a-token"})
    assert refused.status_code == 422 and "The technique chosen is not one of the choices." in refused.text
    missing = signed_in.post(step_url(attempt, 1), {})
    assert missing.status_code == 422 and "Choose the technique the statement mainly uses." in missing.text
    assert 'href="#technique-1"' in missing.text
    answer = answers_for(attempt, 1)
    assert signed_in.post(step_url(attempt, 1), answer).status_code == 302
    assert signed_in.post(step_url(attempt, 1), answer).status_code == 302  # the same again: nothing more
    item.refresh_from_db()
    assert item.is_correct and Attempt.objects.get(pk=attempt.pk).items.filter(answered_at__isnull=False).count() == 1


def test_results_score_by_technique_and_practice_keeps_the_four_options(signed_in, technique_quiz):
    attempt = start(signed_in, technique_quiz)
    for step in range(1, attempt.step_count + 1):
        signed_in.post(step_url(attempt, step), answers_for(attempt, step, right=step != 1))
    signed_in.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    results = signed_in.get(reverse("quiz:attempt-results", args=[attempt.public_id])).text
    assert "By technique" in results
    first = attempt.items.get(step=1)
    name = Technique.objects.get(pk=first.technique_id).name
    assert re.search(rf"{re.escape(name)}: \d of \d", results.replace("&#x27;", "'"))
    practice_response = signed_in.post(reverse("quiz:attempt-practise", args=[attempt.public_id]))
    practice = Attempt.objects.get(practice_of=attempt)
    assert practice_response.status_code == 302 and practice.step_count == 1
    assert len(practice.options_for(1)) == 4
    dashboard = signed_in.get(reverse("quiz:home")).text
    assert "Spotting techniques" in dashboard


def test_the_technique_quiz_across_the_document_draws_from_every_section(signed_in, seeded):
    quiz = Quiz.objects.get(section=None, document__slug="nato-russia-relations-the-facts", kind=Quiz.Kind.TECHNIQUE)
    Quiz.objects.filter(pk=quiz.pk).update(item_count=26 + 2)
    attempt = start(signed_in, quiz)
    sections = set(Claim.objects.filter(pk__in=attempt.items.values("claim_id")).values_list("section", flat=True))
    assert len(sections) == 6
    assert signed_in.get(reverse("quiz:quiz-detail", args=[quiz.pk])).status_code == 200


# --- Instructors -------------------------------------------------------------------------------------


def test_instructors_see_recognition_per_technique_and_what_is_confused(client, instructor, technique_quiz):
    learners = [LearnerFactory() for _ in range(2)]
    cohort = CohortFactory(instructor=instructor, members=learners)
    for learner in learners:
        taker = Client()
        taker.force_login(learner)
        attempt = start(taker, technique_quiz)
        for step in range(1, attempt.step_count + 1):
            taker.post(step_url(attempt, step), answers_for(attempt, step, right=step % 2 == 0))
        taker.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    client.force_login(instructor)
    page = client.get(reverse("quiz:cohort-techniques", args=[cohort.pk]))
    assert page.status_code == 200
    text = page.text
    assert "Recognition per technique" in text and "Most often confused" in text and " taken for " in text
    assert "<svg" in text  # the chart, with its table beside it
    rows = list(csv.reader(io.StringIO(b"".join(
        client.get(reverse("quiz:answers-csv", args=[cohort.pk])).streaming_content
    ).decode("utf-8-sig"))))
    header = rows[0]
    technique_rows = [r for r in rows[1:] if r[header.index("technique")]]
    assert technique_rows and all(r[header.index("chosen_technique")] for r in technique_rows)
    names = set(Technique.objects.values_list("name", flat=True))
    assert {r[header.index("technique")] for r in technique_rows} <= names


# --- A test-wise learner -------------------------------------------------------------------------------


def odd_family_out(options):
    """Drop the option whose family is in the minority, then take the first of the rest."""
    families = dict(Technique.objects.values_list("name", "family_id"))
    counts = Counter(families[o["text"]] for o in options)
    keep = [o for o in options if counts[families[o["text"]]] > 1] or options
    return keep[0]


def lone_family(options):
    """Pick the option whose family no other option shares, if there is one."""
    families = dict(Technique.objects.values_list("name", "family_id"))
    counts = Counter(families[o["text"]] for o in options)
    return next((o for o in options if counts[families[o["text"]]] == 1), options[0])


def test_a_test_wise_learner_who_never_reads_the_claims_fails(seeded, monkeypatch):
    """Always the first option, the longest name, the commonest answer, a favourite family: each scores near
    chance (a quarter), far below the pass mark, and passes hardly ever (8 items leave room for luck)."""
    quiz = Quiz.objects.get(section=None, document__slug="nato-russia-relations-the-facts", kind=Quiz.Kind.TECHNIQUE)
    common = Counter(ClaimTechnique.objects.filter(role="primary").values_list("technique__name", flat=True))
    favourite = common.most_common(1)[0][0]
    strategies = {
        "first": lambda options: options[0],
        "longest": lambda options: max(options, key=lambda o: len(o["text"])),
        "favourite": lambda options: next((o for o in options if o["text"] == favourite), options[0]),
        "family": lambda options: next((o for o in options if o["text"] in ("Dismiss", "Distort")), options[0]),
        "odd family out": odd_family_out,
        "the odd one": lone_family,
    }
    for name, pick in strategies.items():
        scores = []
        for seed in range(30):
            learner = LearnerFactory()
            client = Client()
            client.force_login(learner)
            monkeypatch.setattr("quiz.services.secrets.randbits", lambda bits, seed=seed: 1000 + seed)
            attempt = start(client, quiz)
            for step in range(1, attempt.step_count + 1):
                item = attempt.items.get(step=step)
                client.post(step_url(attempt, step), {item.token: pick(attempt.options_for(step))["token"]})
            client.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
            attempt.refresh_from_db()
            scores.append(attempt.percent)
        assert sum(scores) / len(scores) <= 40, (name, sorted(scores))  # chance is 25, the pass mark 70
        assert sum(score >= quiz.pass_mark for score in scores) <= 1, (name, sorted(scores))


def test_technique_answers_move_no_review_card(signed_in, learner, technique_quiz):
    """Naming a technique is not recalling the fact: it neither masters a myth nor brings it back."""
    from reviews import services as review_services
    from reviews.models import Card

    attempt = start(signed_in, technique_quiz)
    for step in range(1, attempt.step_count + 1):
        signed_in.post(step_url(attempt, step), answers_for(attempt, step, right=False))
    signed_in.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    assert review_services.cards_sync(learner_ids=[learner.pk]) == 0
    assert not Card.objects.filter(learner=learner).exists()
