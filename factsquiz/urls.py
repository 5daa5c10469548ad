"""Top-level URL configuration: the learner site, the library, accounts and the editors' admin."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "FactsQuiz editors"
admin.site.site_title = "FactsQuiz admin"
admin.site.index_title = "Content and accounts"

urlpatterns = [
    path("", include("quiz.urls")),
    path("library/", include("content.urls")),
    path("accounts/", include("quiz.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
