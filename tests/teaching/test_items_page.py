"""The item analysis page: quiz figures, items in order of need with what to do, links, response analysis."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import EDITOR
from quiz.models import Membership
from tests.factories import CohortFactory, InstructorFactory, LearnerFactory, quiz_with_claims
from tests.teaching.test_items import (
    EXPECTED_ORDER,
    make_matching_quiz,
    make_positions_quiz,
    make_statements_quiz,
    right_or_wrong,
    take,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def positions_quiz(db):
    return make_positions_quiz()


@pytest.fixture
def statements_quiz(db):
    return make_statements_quiz()


@pytest.fixture
def matching_quiz(db):
    return make_matching_quiz()


def page(client, cohort, quiz, user=None, **params) -> str:
    client.force_login(user or cohort.instructor)
    response = client.get(reverse("quiz:item-analysis", args=[cohort.pk, quiz.pk]), params)
    assert response.status_code == 200
    return response.text


def item_table(text: str) -> str:
    return text.split("<caption>Item statistics", 1)[1].split("</table>", 1)[0]


def test_the_page_shows_the_quiz_figures_and_explains_them(client, positions_quiz):
    cohort, quiz, _ = positions_quiz
    text = page(client, cohort, quiz)
    figures = text.split("<caption>Quiz figures</caption>", 1)[1].split("</table>", 1)[0]
    for label, value in [
        ("Attempts counted", "5"),
        ("Mean score", "55.0%"),
        ("Median score", "50.0%"),
        ("Standard deviation", "32.6"),
        ("Cronbach’s alpha", "0.47"),
    ]:
        assert re.search(rf'<th scope="row">{label}</th><td class="num">{re.escape(value)}</td>', figures), label
    assert "alpha is computed over item <em>positions</em>" in text
    assert "over the attempts with 4 items (5 of 5)" in text and "read alpha as a cautious estimate" in text
    assert "cannot be computed here" not in text
    # DE as it really is: at most +100, and no fixed lower end.
    assert "+100 is the best an item can do" in text and "below 0 means stronger learners got it wrong" in text
    assert "can fall below −100" in text
    assert "Facility (F)" in text and "Discrimination index (DI)" in text and "from −100 to +100" in text
    assert '<th scope="col">Flags and what to do</th>' in text


def test_alpha_that_cannot_be_computed_says_why(client, db):
    quiz = quiz_with_claims(2, item_count=4)
    learner = LearnerFactory()
    cohort = CohortFactory(members=[learner])
    take(learner, quiz, lambda item: right_or_wrong(item, True))
    text = page(client, cohort, quiz)
    assert "Cronbach’s alpha cannot be computed here: it needs at least 2 attempts." in text


def test_no_flags_under_five_answers_only_too_few_to_judge(client, db):
    quiz = quiz_with_claims(2, item_count=4)
    learners = [LearnerFactory() for _ in range(4)]
    cohort = CohortFactory(members=learners)
    for learner in learners:
        take(learner, quiz, lambda item: right_or_wrong(item, True))  # F = 100 everywhere: "too easy" at 5
    table = item_table(page(client, cohort, quiz))
    assert table.count("Too few answers to judge") == 4
    assert "Too easy." not in table and "Nearly everyone" not in table
    take(LearnerFactory(), quiz, lambda item: right_or_wrong(item, True))  # not a member: changes nothing
    assert item_table(page(client, cohort, quiz)).count("Too few answers to judge") == 4
    newcomer = LearnerFactory()
    Membership.objects.create(cohort=cohort, learner=newcomer, joined_at=timezone.now() - timedelta(days=30))
    take(newcomer, quiz, lambda item: right_or_wrong(item, True))
    table = item_table(page(client, cohort, quiz))
    assert "Too few answers to judge" not in table
    assert table.count("<strong>Too easy.</strong> Nearly everyone gets this right: it checks little;") == 4


def test_items_are_listed_most_in_need_first_each_with_what_to_do(client, statements_quiz):
    cohort, quiz, statements = statements_quiz
    table = item_table(page(client, cohort, quiz))
    positions = [table.index(statements[i].text) for i in EXPECTED_ORDER]
    assert positions[:3] == sorted(positions[:3]) and max(positions[:3]) < min(positions[3:])
    assert table.index(statements[2].text) == max(positions)  # DE 100: the least in need
    assert "<strong>Dubious.</strong> Stronger learners get this wrong more often than weaker ones" in table
    assert "<strong>Too hard.</strong> Fewer than one in five get this right" in table
    assert table.index("<strong>Dubious.</strong>") < table.index("<strong>Too hard.</strong>")
    assert table.index("<strong>Too hard.</strong>") < table.index("<strong>Too easy.</strong>")


def test_every_item_links_to_its_claim_and_editors_also_to_the_admin(client, statements_quiz, django_user_model):
    cohort, quiz, statements = statements_quiz
    library = {reverse("content:claim-by-id", args=[s.claim_id]) for s in statements}
    admin = {reverse("admin:content_statement_change", args=[s.pk]) for s in statements}

    table = item_table(page(client, cohort, quiz))
    assert all(f'href="{url}"' in table for url in library)
    assert "/admin/" not in table and "Edit the statement" not in table

    editor = InstructorFactory()
    editor.groups.add(Group.objects.get(name=EDITOR))
    cohort.co_instructors.add(editor)
    table = item_table(page(client, cohort, quiz, user=editor))
    assert all(f'href="{url}">Edit the statement in the admin<span' in table for url in admin)
    assert all(f'href="{url}"' in table for url in library)

    root = django_user_model.objects.create_superuser("root", "root@example.com", "not-used")
    assert all(f'href="{url}"' in item_table(page(client, cohort, quiz, user=root)) for url in admin)


def test_matching_page_shows_the_facts_picked_and_links_the_claim(client, matching_quiz):
    cohort, quiz, (claim_a, claim_b, _), _ = matching_quiz
    text = page(client, cohort, quiz)
    assert "/admin/" not in text
    section = text.split(f"Item 1: {claim_a.text}</h3>", 1)[1].split("</section>", 1)[0]
    assert "<caption>Facts picked for item 1, of 6 responses</caption>" in section
    rows = dict(re.findall(r'<strong>([^<]+)</strong>.*?</th>\s*<td class="num">(\d+)</td>', section, re.S))
    assert rows == {"The right fact": "1", "Another fact": "1", "The decoy": "3", "No answer": "1"}
    assert f"(the fact for “{claim_b.text}”)" in section
    assert '<meter min="0" max="100" value="50" aria-hidden="true"></meter> 50%' in section  # the decoy, 3 of 6
    assert "<strong>Often confused.</strong> More learners pick the decoy" in text

    editor = InstructorFactory()
    editor.groups.add(Group.objects.get(name=EDITOR))
    cohort.co_instructors.add(editor)
    text = page(client, cohort, quiz, user=editor)
    assert f'href="{reverse("admin:content_claim_change", args=[claim_a.pk])}">Edit the claim in the admin<' in text


def test_true_false_page_shows_answers_by_certainty(client, db):
    quiz = quiz_with_claims(2, item_count=4, asks_certainty=True)
    learners = [LearnerFactory() for _ in range(5)]
    cohort = CohortFactory(members=learners)
    for n, learner in enumerate(learners):
        take(learner, quiz, lambda item, n=n: {**right_or_wrong(item, n < 3), "certainty": "high" if n else ""})
    text = page(client, cohort, quiz)
    section = text.split('<h3 id="item-1">', 1)[1].split("</section>", 1)[0]
    assert "by certainty (the right answer is" in section
    assert '<th scope="row">High</th>' in section and '<th scope="row">Not given</th>' in section
    assert "2 of 4 (50%)" in section and "1 of 1 (100%)" in section


def test_the_page_takes_the_same_number_of_queries_for_more_items_and_learners(client, positions_quiz):
    patterns = [[(n + i) % 3 != 0 for i in range(8)] for n in range(15)]
    bigger = make_positions_quiz(claims=6, item_count=8, patterns=patterns)  # 3 × the learners, 2 × the items
    counts = []
    for cohort, quiz, _ in (positions_quiz, bigger):
        client.force_login(cohort.instructor)
        url = reverse("quiz:item-analysis", args=[cohort.pk, quiz.pk])
        client.get(url)  # the session and permissions settle on the first request
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"attempts": "all"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # Session, user, permissions (2), cohort, quiz, the page's own document list, and six for the report.
    assert counts[0] <= 13, [q["sql"][:100] for q in queries.captured_queries]
