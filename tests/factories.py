"""factory-boy factories for every model the tests touch."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import EDITOR, INSTRUCTOR, LEARNER
from content.models import Claim, Rebuttal, Reference, Section, SourceDocument, Statement
from quiz.models import Attempt, AttemptItem, Cohort, Membership, Quiz

LONG_AGO = timedelta(days=365)  # memberships in tests date from before any attempt they make


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")

    role = None  # set by the role factories below


def with_role(default):
    """A post-generation hook putting the user in a role's group (``role=...`` overrides it)."""

    def add_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=extracted or default))

    return factory.PostGeneration(add_group)


class LearnerFactory(UserFactory):
    role = with_role(LEARNER)


class InstructorFactory(UserFactory):
    role = with_role(INSTRUCTOR)


class EditorFactory(UserFactory):
    is_staff = True
    role = with_role(EDITOR)


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDocument

    title = factory.Sequence(lambda n: f"Claims and facts {n}")
    slug = factory.Sequence(lambda n: f"claims-and-facts-{n}")
    publisher = "NATO"
    year = 2014


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    document = factory.SubFactory(SourceDocumentFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    position = factory.Sequence(lambda n: n + 1)
    is_published = True


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    section = factory.SubFactory(SectionFactory)
    text = factory.Sequence(lambda n: f"NATO is behind myth number {n}")
    slug = factory.Sequence(lambda n: f"myth-{n}")
    position = factory.Sequence(lambda n: n + 1)
    is_published = True


class RebuttalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rebuttal

    claim = factory.SubFactory(ClaimFactory)
    summary = factory.Sequence(lambda n: f"Fact number {n} answers the myth.")
    body = factory.LazyAttribute(lambda r: f"{r.summary}\n\nA second paragraph with more detail.")


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    claim = factory.SubFactory(ClaimFactory)
    title = factory.Sequence(lambda n: f"Summit declaration {n}")
    url = ""
    anchor_text = "(declaration here)"
    position = factory.Sequence(lambda n: n + 1)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    claim = factory.SubFactory(ClaimFactory)
    text = factory.Sequence(lambda n: f"Statement number {n} is a checkable sentence.")
    is_true = True
    explanation = "Stated in the rebuttal."
    origin = Statement.Origin.EDITOR
    is_approved = True


def complete_claim(**kwargs) -> Claim:
    """A published claim with a rebuttal, one true and one false approved statement."""
    claim = ClaimFactory(**kwargs)
    RebuttalFactory(claim=claim)
    StatementFactory(claim=claim, is_true=True)
    StatementFactory(claim=claim, is_true=False, text=f"{claim.text}.")
    return claim


class QuizFactory(factory.django.DjangoModelFactory):
    """Sections get their quizzes on creation, so this fetches (and then updates) the section's own."""

    class Meta:
        model = Quiz
        django_get_or_create = ("section", "kind")

    section = factory.SubFactory(SectionFactory)
    kind = Quiz.Kind.TRUE_FALSE


def quiz_with_claims(claims: int = 3, *, kind=Quiz.Kind.TRUE_FALSE, section=None, **settings) -> Quiz:
    """A published section with `claims` complete claims, and its quiz of `kind` set up with `settings`."""
    section = section or SectionFactory()
    for _ in range(claims):
        complete_claim(section=section)
    quiz = QuizFactory(section=section, kind=kind)
    for name, value in settings.items():
        setattr(quiz, name, value)
    quiz.save()
    return quiz


class AttemptFactory(factory.django.DjangoModelFactory):
    """A finished, graded attempt with a given score (for analytics tests that need no items)."""

    class Meta:
        model = Attempt

    quiz = factory.SubFactory(QuizFactory)
    learner = factory.SubFactory(LearnerFactory)
    title = factory.LazyAttribute(lambda a: str(a.quiz))
    kind = factory.LazyAttribute(lambda a: a.quiz.kind)
    feedback = Quiz.Feedback.EACH_ITEM
    pass_mark = 70
    seed = 1
    step_count = 4
    max_score = 4
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyAttribute(lambda a: a.started_at + timedelta(minutes=5))
    score = factory.LazyAttribute(lambda a: round(a.percent * a.max_score / 100))
    percent = 50
    passed = factory.LazyAttribute(lambda a: a.percent >= a.pass_mark)


class AttemptItemFactory(factory.django.DjangoModelFactory):
    """One true/false item of an attempt, unanswered unless told otherwise."""

    class Meta:
        model = AttemptItem

    attempt = factory.SubFactory(AttemptFactory)
    position = factory.Sequence(lambda n: n + 1)
    step = factory.LazyAttribute(lambda i: i.position)
    token = factory.Sequence(lambda n: f"token{n}")
    prompt = factory.Sequence(lambda n: f"Statement number {n}.")
    claim_text = "NATO is behind a myth"
    statement_is_true = True
    correct_choice = factory.LazyAttribute(lambda i: "true" if i.statement_is_true else "false")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    cohort = factory.SubFactory("tests.factories.CohortFactory")
    learner = factory.SubFactory(LearnerFactory)
    joined_at = factory.LazyFunction(lambda: timezone.now() - LONG_AGO)  # before anything the test makes


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Cohort {n}")
    instructor = factory.SubFactory(InstructorFactory)

    @factory.post_generation
    def members(cohort, create, extracted, **kwargs):
        for learner in extracted or []:
            Membership.objects.create(cohort=cohort, learner=learner, joined_at=timezone.now() - LONG_AGO)
