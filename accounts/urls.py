"""Account URLs added before Django's own: sign-up, sign-out that also answers GET, forms with specific errors."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import forms
from accounts import views as accounts

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("logout/", accounts.logout, name="logout"),
    path("login/", auth_views.LoginView.as_view(authentication_form=forms.LoginForm), name="login"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(form_class=forms.PasswordChangeWithMessagesForm),
        name="password_change",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=forms.PasswordResetWithMessagesForm),
        name="password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=forms.SetPasswordWithMessagesForm),
        name="password_reset_confirm",
    ),
]
