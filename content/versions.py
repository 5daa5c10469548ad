"""The content version: a token that changes, in the same transaction, with every change to the content or to a quiz.

What is built from published content alone (the quiz catalogue, the content-language map) is kept by each
process under the token it was built from and built again once the token differs: one small query a page
instead of the catalogue's. The token is random, never a counter, so a rolled-back change or a restored
backup can never bring back a token that stood for other content.
"""

import functools
import threading
import uuid
from contextvars import ContextVar

from django.db import connection, models
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

ROW = 1  # the table holds one row
# Inside a request (`VersionMiddleware`): the token as read by its first ask, so a page asks once.
_this_request: ContextVar[list | None] = ContextVar("content_version_this_request", default=None)


class ContentVersion(models.Model):
    """The token of the content as it stands (one row, rewritten by `bump`)."""

    token = models.CharField(_("token"), max_length=32)

    class Meta:
        default_permissions = ()  # nobody edits it: every content write does
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return self.token


def current() -> str:
    """The token as this connection sees it ("" before the first change): one query, written once as SQL, and
    in a request only the first time it is asked (a change the request itself makes is seen at once)."""
    remembered = _this_request.get()
    if remembered:
        return remembered[0]
    token = _read()
    if remembered is not None:
        remembered.append(token)
    return token


def prime(token: str | None) -> None:
    """Inside a request that has not asked yet, take ``token`` as the version it would read: for a query that
    already selects `token_sql()` beside its own columns, in the same snapshot (the step reader)."""
    remembered = _this_request.get()
    if remembered is not None and not remembered:
        remembered.append(token or "")


def token_sql() -> str:
    """The token as a scalar subquery, for a query to select beside its own columns (then `prime` it)."""
    return f"({_select()})"


def _select() -> str:
    quote = connection.ops.quote_name
    table, column = quote(ContentVersion._meta.db_table), quote(ContentVersion._meta.get_field("token").column)
    return f"SELECT {column} FROM {table} WHERE {quote(ContentVersion._meta.pk.column)} = {ROW}"


def _read() -> str:
    with connection.cursor() as cursor:
        cursor.execute(_select())
        row = cursor.fetchone()
    return row[0] if row else ""


def kept(build):
    """A read of content alone, kept by this process until the version changes: `read = kept(build)`, then
    `read()` asks for the token (one query) and calls `build()` only when it differs from the last one's.
    What `build` returns is shared by every request of the process: callers must not change it."""
    last = (None, None)  # (token, value), replaced whole, so a thread never sees one without the other
    building = threading.Lock()

    @functools.wraps(build)
    def read():
        nonlocal last
        token = current()
        if last[0] != token:
            with building:
                last = (token, build())
        return last[1]

    return read


def bump(**kwargs) -> None:
    """A new token, written in the caller's transaction (so it is seen exactly when the change is). Also a
    signal receiver: every save and delete of content does it."""
    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=ROW).update(token=token):
        ContentVersion.objects.update_or_create(pk=ROW, defaults={"token": token})
    if (remembered := _this_request.get()) is not None:
        remembered[:] = [token]


class VersionMiddleware:
    """Lets a request ask for the content version once, however many kept reads it makes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _this_request.set([])
        try:
            return self.get_response(request)
        finally:
            _this_request.reset(reset)


class VersionedQuerySet(models.QuerySet):
    """The queryset of every model `connect`ed: its bulk writes give the content a new version too, as saves
    and deletes do through the signals."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            bump()
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        made = super().bulk_create(objs, *args, **kwargs)
        if made:
            bump()
        return made


def connect(*models_changing_content) -> None:
    """Bump the version whenever one of these models is saved or deleted (apps call this in `ready`); their
    managers' querysets must be `VersionedQuerySet`s, for bulk writes (checked here)."""
    for model in models_changing_content:
        queryset = type(model._default_manager.get_queryset())
        if not issubclass(queryset, VersionedQuerySet):
            raise TypeError(f"{model._meta.label}'s queryset must be a VersionedQuerySet, to version bulk writes")
        label = model._meta.label
        post_save.connect(bump, sender=model, dispatch_uid=f"content-version-saved-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"content-version-deleted-{label}")
