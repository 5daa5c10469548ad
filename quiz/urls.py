"""URLs of the learner site: dashboard, quizzes and attempts."""

from django.urls import path

from quiz.views import learner

app_name = "quiz"
urlpatterns = [
    path("", learner.home, name="home"),
    path("health/", learner.health, name="health"),
    path("quizzes/<int:pk>/", learner.quiz_detail, name="quiz-detail"),
    path("quizzes/<int:pk>/start/", learner.attempt_start, name="attempt-start"),
    path("attempts/<uuid:attempt_id>/", learner.attempt_resume, name="attempt-resume"),
    path("attempts/<uuid:attempt_id>/items/<int:step>/", learner.attempt_step, name="attempt-step"),
    path("attempts/<uuid:attempt_id>/finish/", learner.attempt_finish, name="attempt-finish"),
    path("attempts/<uuid:attempt_id>/results/", learner.attempt_results, name="attempt-results"),
    path("attempts/<uuid:attempt_id>/practise/", learner.attempt_practise, name="attempt-practise"),
]
