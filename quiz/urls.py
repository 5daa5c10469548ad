"""URLs of the learner site."""

from django.urls import path

from quiz import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
]
