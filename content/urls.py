"""URLs of the library (open to everyone): sections, claims and their full rebuttals, search, the ClaimReview feed."""

from django.urls import path

from content import views

app_name = "content"
urlpatterns = [
    path("", views.library, name="library"),
    path("search/", views.library_search, name="search"),
    path("techniques/", views.techniques, name="techniques"),
    path("claimreview.json", views.claimreview_feed, name="claimreview-feed"),
    path("claims/<int:pk>/", views.claim_by_id, name="claim-by-id"),
    path("<slug:document_slug>/<slug:slug>/", views.section_detail, name="section-detail"),
    path("<slug:document_slug>/<slug:section_slug>/<slug:slug>/", views.claim_detail, name="claim-detail"),
]
