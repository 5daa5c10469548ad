"""`manage.py create_demo_accounts`: one account per role and a demo cohort with activity (DEBUG only)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.roles import EDITOR, INSTRUCTOR, LEARNER
from quiz.demo import DEMO_LEARNERS, demo_activity_create
from reviews.demo import demo_reviews_create

DEMO_ACCOUNTS = [
    # username, password, role, may use the admin
    ("learner", "learner-demo-pass", LEARNER, False),
    ("instructor", "instructor-demo-pass", INSTRUCTOR, False),
    ("editor", "editor-demo-pass", EDITOR, True),
]


class Command(BaseCommand):
    help = "Create (or reset) the demo learner, instructor and editor. Refuses to run with DEBUG off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo accounts created.")
            return
        User = get_user_model()
        with transaction.atomic():
            for username, password, role, staff in DEMO_ACCOUNTS:
                user, _ = User.objects.get_or_create(username=username)
                user.is_staff = staff
                user.is_active = True
                user.set_password(password)
                user.save()
                user.groups.set([Group.objects.get(name=role)])
        cohort = demo_activity_create(
            instructor=User.objects.get(username="instructor"),
            learner=User.objects.get(username="learner"),
            password="learner-demo-pass",
        )
        if cohort:
            demo_reviews_create()
        self.stdout.write(self.style.SUCCESS("Demo accounts (development only):"))
        for username, password, role, _ in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<11} username: {username:<11} password: {password}")
        if cohort:
            names = ", ".join(name for name, *_ in DEMO_LEARNERS)
            self.stdout.write(f"  Demo cohort “{cohort.name}” (join code {cohort.join_code}): learner, {names}.")
