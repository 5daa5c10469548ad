"""URLs of spaced review: the review page, starting a review, reminder settings and the unsubscribe link."""

from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review, name="review"),
    path("start/", views.review_start, name="start"),
    path("reminders/", views.reminder_settings, name="reminders"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
