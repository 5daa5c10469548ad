"""Account URLs added before Django's own: sign-up, sign-out that also answers GET, forms with specific errors."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import forms, privacy_views
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
    # The user's own account and data (accounts/privacy_views.py)
    path("", privacy_views.account, name="account"),
    path("my-data/", privacy_views.data_export, name="account-data"),
    path("delete/", privacy_views.account_delete, name="account-delete"),
    path("privacy/", privacy_views.privacy_notice, name="privacy"),
]
