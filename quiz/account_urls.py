"""Account URLs added before Django's own: sign-up, and a sign-out page that also answers GET."""

from django.urls import path

from quiz.views import accounts

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("logout/", accounts.logout, name="logout"),
]
