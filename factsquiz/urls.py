"""Top-level URL configuration: the learner site, the library, accounts and the editors' admin."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog

from accounts import language
from accounts.forms import AdminLoginForm
from factsquiz import outage

admin.site.site_header = gettext_lazy("FactsQuiz editors")
admin.site.site_title = gettext_lazy("FactsQuiz admin")
admin.site.index_title = gettext_lazy("Content and accounts")
admin.site.login_form = AdminLoginForm
# The lists editors work in (claims, references with their editable URL) need the width more than a
# second menu of the models does; the index page and the breadcrumbs lead everywhere.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", include("quiz.urls")),
    path("library/", include("content.urls")),
    path("", include("reviews.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # The interface language: Django's set_language (which also saves a signed-in person's choice) and the
    # JavaScript strings of static/js/site.js in that language (a script file, so CSP allows it as 'self'); its
    # address names the language and the catalogue's version (the {% javascript_catalog %} tag), so it is cached.
    path("i18n/setlang/", language.set_language, name="set_language"),
    path(
        "jsi18n/",
        login_not_required(cache_page(60 * 60 * 24 * 365)(JavaScriptCatalog.as_view())),
        name="javascript-catalog",
    ),
    # Readiness for load balancers: the database and Redis answer (/health/ is liveness and touches neither).
    path("ready/", outage.ready, name="ready"),
    # Browsers ask for /favicon.ico on every page, the admin's included.
    path(
        "favicon.ico",
        login_not_required(lambda request: HttpResponsePermanentRedirect(static("favicon.svg"))),
        name="favicon",
    ),
]

# A database (or Redis) that cannot be reached gives a short 503 page with Retry-After, not a server error.
handler500 = "factsquiz.outage.server_error"
