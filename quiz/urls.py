"""URLs of the site: the learner's dashboard, quizzes and attempts, joining cohorts, and instructors' pages."""

from django.urls import path

from quiz.teaching import assignment_views as assigning
from quiz.teaching import test_views
from quiz.teaching import views as instructor
from quiz.views import learner, membership

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
    path("join/", membership.join, name="join"),
    path("groups/<int:pk>/leave/", membership.cohort_leave, name="cohort-leave"),
    # Instructors
    path("teach/", instructor.cohort_list, name="cohort-list"),
    path("teach/cohorts/<int:pk>/", instructor.cohort_detail, name="cohort-detail"),
    path("teach/cohorts/<int:pk>/rotate-code/", instructor.cohort_rotate_code, name="cohort-rotate-code"),
    path(
        "teach/cohorts/<int:pk>/learners/<int:learner_id>/remove/",
        instructor.cohort_remove_learner,
        name="cohort-remove-learner",
    ),
    path("teach/cohorts/<int:pk>/co-instructors/", instructor.co_instructor_add, name="co-instructor-add"),
    path(
        "teach/cohorts/<int:pk>/co-instructors/<int:user_id>/remove/",
        instructor.co_instructor_remove,
        name="co-instructor-remove",
    ),
    path("teach/cohorts/<int:pk>/assignments/new/", assigning.assignment_new, name="assignment-new"),
    path(
        "teach/cohorts/<int:pk>/assignments/<int:assignment_id>/",
        assigning.assignment_detail,
        name="assignment-detail",
    ),
    path(
        "teach/cohorts/<int:pk>/assignments/<int:assignment_id>/edit/",
        assigning.assignment_edit,
        name="assignment-edit",
    ),
    path(
        "teach/cohorts/<int:pk>/assignments/<int:assignment_id>/delete/",
        assigning.assignment_delete,
        name="assignment-delete",
    ),
    path("teach/cohorts/<int:pk>/gradebook/", instructor.gradebook, name="gradebook"),
    path("teach/cohorts/<int:pk>/gradebook.csv", instructor.export_gradebook, name="gradebook-csv"),
    path("teach/cohorts/<int:pk>/answers.csv", instructor.export_answers, name="answers-csv"),
    path("teach/cohorts/<int:pk>/learners/<int:learner_id>/", instructor.learner_detail, name="learner-detail"),
    path("teach/cohorts/<int:pk>/quizzes/<int:quiz_id>/", instructor.item_analysis, name="item-analysis"),
    path("teach/cohorts/<int:pk>/myths/", instructor.myths, name="myths"),
    path("teach/cohorts/<int:pk>/progress/", instructor.progress, name="progress"),
    path("teach/cohorts/<int:pk>/techniques/", instructor.techniques, name="cohort-techniques"),
    path("teach/cohorts/<int:pk>/tests/", test_views.cohort_tests, name="cohort-tests"),
    path("teach/cohorts/<int:pk>/tests/learning-gain.csv", test_views.tests_csv, name="cohort-tests-csv"),
    path("teach/cohorts/<int:pk>/tests/research.csv", test_views.tests_research_csv, name="cohort-tests-research"),
    path("groups/<int:pk>/tests/<str:phase>/", test_views.test_page, name="test"),
]
