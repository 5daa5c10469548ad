"""The dashboard's quiz rows as HTML, built in Python: 19 rows of template code were half of the page's template
time, the page every learner opens most (docs/benchmarks/README.md).

The markup is what `templates/quiz/dashboard.html` had in its row include; the words come from the same
messages, translated once per page. Everything put in is escaped here, so a row can be marked safe.
"""

import functools

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext, override

from factsquiz.templatetags.formatting import percent
from quiz.models import Quiz
from quiz.selectors import QuizCard
from quiz.templatetags.scores import signed

STATUSES = {
    "in-progress": gettext_lazy("In progress"),
    "not-available": gettext_lazy("Not available"),
    "passed": gettext_lazy("Passed"),
    "not-passed-yet": gettext_lazy("Not passed yet"),
    "not-started": gettext_lazy("Not started"),
}
ACTIONS = {
    # Translators: buttons of a quiz on the dashboard (verbs).
    "in-progress": gettext_lazy("Resume"),
    "passed": gettext_lazy("Take again"),
    "not-passed-yet": gettext_lazy("Try again"),
    "not-started": gettext_lazy("Start"),
    "not-available": gettext_lazy("Start"),
}


@functools.cache
def _words(language: str | None) -> dict:
    """The rows' fixed words in one language, translated once per process: each use of a lazy string is another
    gettext through the fallback catalogues, and a page of rows used some hundred of them."""
    with override(language):
        return {
            "status": {key: str(text) for key, text in STATUSES.items()},
            "action": {key: str(text) for key, text in ACTIONS.items()},
            "kind": {value: str(label) for value, label in Quiz.Kind.choices},
            # The quiz named in full (buttons' hidden text), and after its kind in its heading (hidden text).
            "named": gettext("%(kind)s: <span%(label_lang)s>%(label)s</span>"),
            "after_kind": gettext(": <span%(label_lang)s>%(label)s</span>"),
            "preparing": gettext("Editors are still preparing this quiz."),
            "editors": gettext("Editors: %(reason)s"),
            "resume_practice": gettext("Resume your practice of missed items"),
            "practice_named": gettext(": %(kind)s, <span%(label_lang)s>%(label)s</span>"),
        }


@functools.cache
def _scores_text(language: str | None, attempts: int, discerned: bool) -> str:
    """ "Best %(best)s · Latest %(latest)s (discernment %(discernment)s) · %(attempts)s attempts", translated."""
    with override(language):
        if discerned:
            return ngettext(
                "Best %(best)s · Latest %(latest)s (discernment %(discernment)s) · %(attempts)s attempt",
                "Best %(best)s · Latest %(latest)s (discernment %(discernment)s) · %(attempts)s attempts",
                attempts,
            )
        return ngettext(
            "Best %(best)s · Latest %(latest)s · %(attempts)s attempt",
            "Best %(best)s · Latest %(latest)s · %(attempts)s attempts",
            attempts,
        )


def quiz_rows(entries: list[QuizCard], *, csrf_token: str, is_editor: bool) -> SafeString:
    """The `<li>`s of a section's (or a document's) quizzes."""
    token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
    language = get_language()
    words = _words(language)
    return mark_safe(
        "".join(_row(entry, token=token, is_editor=is_editor, words=words, language=language) for entry in entries)
    )


def _named(text: str, *, kind: str, entry: QuizCard) -> str:
    values = {"kind": escape(kind), "label_lang": entry.label_lang, "label": escape(entry.label)}
    return mark_safe(text % values)  # the catalogue's wording, its values escaped


def _scores(entry: QuizCard, language: str | None) -> str:
    """ "Best 75% · Latest 50% (discernment +25) · 2 attempts" """
    discerned = entry.latest_discernment is not None
    values = {"best": percent(entry.best), "latest": percent(entry.latest), "attempts": entry.attempts}
    if discerned:
        values["discernment"] = signed(entry.latest_discernment)
    return _scores_text(language, entry.attempts, discerned) % values


def _row(entry: QuizCard, *, token: str, is_editor: bool, words: dict, language: str | None) -> str:
    detail_url, start_url = entry.links
    state, kind = entry.state, words["kind"][entry.quiz.kind]
    heading = format_html(
        '<div class="quiz-row-main"><h4><a href="{}">{}<span class="visually-hidden">{}</span></a></h4>'
        '<strong class="tag tag-{}">{}</strong></div>',
        detail_url,
        kind,
        _named(words["after_kind"], kind=kind, entry=entry),
        state,
        words["status"][state],
    )
    if entry.unavailable_reason and not entry.open_attempt:
        hint = (
            format_html(' <span class="editor-hint">{}</span>', words["editors"] % {"reason": entry.unavailable_reason})
            if is_editor
            else ""
        )
        body = format_html('<p class="muted">{}{}</p>', words["preparing"], hint)
    else:
        scores = format_html('<p class="scores">{}</p>', _scores(entry, language)) if entry.attempts else ""
        hidden = format_html(
            '{}<span class="visually-hidden"> {}</span>',
            words["action"][state],
            _named(words["named"], kind=kind, entry=entry),
        )
        if entry.open_attempt:
            url = reverse("quiz:attempt-resume", args=[entry.open_attempt.public_id])
            button = format_html('<a class="button button-secondary" href="{}">{}</a>', url, hidden)
        else:
            button = format_html(
                '<form method="post" action="{}" class="inline-form">{}'
                '<button type="submit" class="button button-secondary">{}</button></form>',
                start_url,
                token,
                hidden,
            )
        body = f"{scores}{button}"
    practice = ""
    if entry.open_practice:
        practice = format_html(
            '<p class="resume-practice"><a href="{}">{}<span class="visually-hidden">{}</span></a></p>',
            reverse("quiz:attempt-resume", args=[entry.open_practice.public_id]),
            words["resume_practice"],
            _named(words["practice_named"], kind=kind, entry=entry),
        )
    return f'<li class="quiz-row">{heading}{body}{practice}</li>'
