"""Regression: the data export never holds the answer key of an item not yet shown."""

import csv
import io
import zipfile

from django.urls import reverse

from quiz import services
from quiz.models import Quiz
from tests.factories import LearnerFactory


def test_open_attempt_key_in_export(seeded, client):
    learner = LearnerFactory(username="mid")
    quiz = Quiz.objects.published().filter(kind=Quiz.Kind.TRUE_FALSE).first()
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    client.force_login(learner)
    r = client.post(reverse("account-data"))
    data = b"".join(r.streaming_content)
    z = zipfile.ZipFile(io.BytesIO(data))
    rows = list(csv.DictReader(io.StringIO(z.read("answers.csv").decode("utf-8-sig"))))
    unanswered = [row for row in rows if row["answer"] == ""]
    assert all(row["correct_answer"] == "" for row in unanswered), "answer key of open attempt exported"
