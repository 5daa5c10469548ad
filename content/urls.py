"""URLs of the library: sections, claims and their full rebuttals."""

from django.urls import path

from content import views

app_name = "content"
urlpatterns = [
    path("", views.library, name="library"),
    path("claims/<int:pk>/", views.claim_by_id, name="claim-by-id"),
    path("<slug:document_slug>/<slug:slug>/", views.section_detail, name="section-detail"),
    path("<slug:document_slug>/<slug:section_slug>/<slug:slug>/", views.claim_detail, name="claim-detail"),
]
