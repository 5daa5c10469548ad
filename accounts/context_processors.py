"""The header's role links (Teach, Edit content) without a query per page: roles are kept in the session."""

from django.utils.functional import SimpleLazyObject

from accounts.roles import INSTRUCTOR, user_roles

SESSION_KEY = "factsquiz_roles"


def session_roles(request) -> set[str]:
    """The signed-in user's roles, read once per session (set again at every sign-in)."""
    if not request.user.is_authenticated:
        return set()
    roles = request.session.get(SESSION_KEY)
    if roles is None:
        roles = sorted(user_roles(request.user))
        request.session[SESSION_KEY] = roles
    return set(roles)


def roles(request) -> dict:
    teaches = SimpleLazyObject(lambda: INSTRUCTOR in session_roles(request) or request.user.is_superuser)
    return {"is_instructor": teaches}


def remember_roles(sender, request, user, **kwargs) -> None:
    """At sign-in: the roles as they are now (a change of role shows in the header at the next sign-in)."""
    request.session[SESSION_KEY] = sorted(user_roles(user))
