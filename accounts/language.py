"""The interface language: Django's `set_language` view that also saves a signed-in person's choice, and
that choice sent back as the language cookie whenever they sign in (on any browser)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.models import Profile


def offered(language: str | None) -> bool:
    return language in dict(settings.LANGUAGES)


@login_not_required
@require_POST
def set_language(request):
    """Django's own view (a cookie, then back to `next`); a signed-in person's choice is also kept for next time."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if offered(language) and request.user.is_authenticated:
        Profile.objects.update_or_create(user=request.user, defaults={"language": language})
    return response


def saved_language(user) -> str:
    """The language ``user`` chose, or "" (none chosen, or no longer offered)."""
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first() or ""
    return language if offered(language) else ""


def restore_language(sender, request=None, user=None, **kwargs):
    """On sign-in: speak the person's saved language from this response on (the cookie goes out with it)."""
    if request is None or user is None:
        return
    language = saved_language(user)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
        request.saved_language = language


class SavedLanguageMiddleware:
    """Sets the language cookie to the saved choice on the response to a sign-in (see restore_language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "saved_language", None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
