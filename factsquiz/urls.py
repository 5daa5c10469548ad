"""Top-level URL configuration: the learner site, the library, accounts and the editors' admin."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from accounts.forms import AdminLoginForm
from factsquiz import outage

admin.site.site_header = "FactsQuiz editors"
admin.site.site_title = "FactsQuiz admin"
admin.site.index_title = "Content and accounts"
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
