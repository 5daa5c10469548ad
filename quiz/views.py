"""Learner-facing pages: the home page (the quiz dashboard arrives with the quiz engine)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from content import selectors
from quiz.roles import EDITOR, INSTRUCTOR, user_roles


@require_GET
@login_not_required
def home(request):
    roles = user_roles(request.user)
    context = {
        "documents": selectors.documents(),
        "sections": selectors.published_sections() if request.user.is_authenticated else [],
        "is_editor": EDITOR in roles or request.user.is_superuser,
        "is_instructor": INSTRUCTOR in roles,
    }
    return render(request, "quiz/home.html", context)


@require_GET
@login_not_required
def health(request):
    """Liveness check for load balancers and the load benchmark: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
