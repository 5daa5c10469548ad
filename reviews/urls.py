"""URLs of spaced review: the review page, starting one, reminder settings, unsubscribing, a cohort's retention."""

from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("review/", views.review, name="review"),
    path("review/start/", views.review_start, name="start"),
    path("review/reminders/", views.reminder_settings, name="reminders"),
    path("review/reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("teach/cohorts/<int:pk>/retention/", views.cohort_retention, name="retention"),
]
