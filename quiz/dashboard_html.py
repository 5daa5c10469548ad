"""The dashboard's quiz rows as HTML, built in Python: 19 rows of template code were half of the page's template
time, the page every learner opens most (docs/benchmarks/README.md).

The markup is what `templates/quiz/dashboard.html` had in its row include; the words come from the same
messages, translated once per page. Everything put in is escaped here, so a row can be marked safe.
"""

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from quiz.selectors import QuizCard


def quiz_rows(entries: list[QuizCard], *, csrf_token: str, is_editor: bool) -> SafeString:
    """The `<li>`s of a section's (or a document's) quizzes."""
    token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
    return mark_safe("".join(_row(entry, token=token, is_editor=is_editor) for entry in entries))


def _row(entry: QuizCard, *, token: str, is_editor: bool) -> str:
    detail_url, start_url = entry.links
    heading = format_html(
        '<div class="quiz-row-main"><h4><a href="{}">{}<span class="visually-hidden">{}</span></a></h4>'
        '<strong class="tag tag-{}">{}</strong></div>',
        detail_url,
        entry.kind,
        entry.label_html,
        entry.state,
        entry.status,
    )
    if entry.unavailable_reason and not entry.open_attempt:
        hint = (
            format_html(
                ' <span class="editor-hint">{}</span>',
                gettext("Editors: %(reason)s") % {"reason": entry.unavailable_reason},
            )
            if is_editor
            else ""
        )
        body = format_html('<p class="muted">{}{}</p>', gettext("Editors are still preparing this quiz."), hint)
    else:
        scores = format_html('<p class="scores">{}</p>', entry.scores_text) if entry.attempts else ""
        hidden = format_html('{}<span class="visually-hidden"> {}</span>', entry.action, entry.name_html)
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
        named = gettext(": %(kind)s, <span%(label_lang)s>%(label)s</span>") % {
            "kind": escape(entry.kind),
            "label_lang": entry.label_lang,
            "label": escape(entry.label),
        }
        practice = format_html(
            '<p class="resume-practice"><a href="{}">{}<span class="visually-hidden">{}</span></a></p>',
            reverse("quiz:attempt-resume", args=[entry.open_practice.public_id]),
            gettext("Resume your practice of missed items"),
            mark_safe(named),  # the catalogue's wording, its values escaped
        )
    return f'<li class="quiz-row">{heading}{body}{practice}</li>'
