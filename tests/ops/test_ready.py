"""/ready/ for load balancers: the database and the shared cache answer; /health/ stays liveness only."""

from django.test import Client
from django.urls import reverse


def test_ready_when_the_database_and_the_cache_answer(db):
    response = Client().get(reverse("ready"))
    assert response.status_code == 200
    assert response.text == "database ok\ncache ok\n"
    assert "no-store" in response["Cache-Control"]


def test_not_ready_when_the_database_is_down(database_down):
    response = Client().get(reverse("ready"))
    assert response.status_code == 503
    assert "database unreachable" in response.text
    assert response["Retry-After"] == "5"


def test_not_ready_when_redis_is_down(redis_unreachable):
    response = Client().get(reverse("ready"))
    assert response.status_code == 503
    assert response.text == "database ok\nredis unreachable\n"


def test_health_needs_neither(database_down):
    response = Client().get(reverse("quiz:health"))
    assert response.status_code == 200 and response.text == "ok"
