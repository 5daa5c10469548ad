"""The gradebook's rows as HTML, built in Python: 50 learners × 19 quizzes of nested conditions, filters and
translations were some 70 % of the page's time as template code.

Words are translated and escaped once per page, and each score, count and date formatted once; the markup is
the one the template had (`templates/teaching/gradebook.html` shows the rest of the table). Everything put in
is escaped here, so the row can be marked safe.
"""

from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from factsquiz.templatetags.formatting import content_lang, percent
from quiz.models import Quiz
from quiz.scoring import whole
from quiz.templatetags.scores import signed

ARROWS = {"ascending": ' <span aria-hidden="true">▲</span>', "descending": ' <span aria-hidden="true">▼</span>'}


class _Formatted(dict):
    """Each value formatted once: `formatted[value]` calls `format(value)` the first time."""

    def __init__(self, format):
        super().__init__()
        self.format = format

    def __missing__(self, value):
        text = self[value] = self.format(value)
        return text


def _when(moment, shown: str) -> str:
    """A last-activity cell's time, in the reader's time zone, machine-readable and in `shown` (a date format)."""
    local = timezone.localtime(moment)
    return format_html('<time datetime="{}" data-local>{}</time>', local.isoformat(), dateformat.format(local, shown))


def rows_html(rows, *, cohort) -> list[SafeString]:
    """One `<tr>` per `GradebookRow`: the learner (a link to their history), discernment and bias, a cell per
    quiz, last activity."""
    passed = format_html(' <span aria-hidden="true">✓</span><span class="visually-hidden">{}</span>', gettext("passed"))
    d_label = format_html(
        '<br><span class="muted"><span aria-hidden="true">{}</span><span class="visually-hidden">{}</span> ',
        pgettext("abbreviation of discernment", "D"),
        gettext("discernment"),
    )
    empty = '<td class="num"><span class="muted">—<span class="visually-hidden">{}</span></span></td>'
    no_attempt, no_signal = format_html(empty, gettext("no attempt")), format_html(empty, gettext("no discernment yet"))
    never = format_html('<td><span class="muted">{}</span></td>', gettext("never"))
    scores = _Formatted(lambda score: conditional_escape(percent(score)))
    signs = _Formatted(lambda value: conditional_escape(signed(value)))
    counts = _Formatted(
        lambda n: format_html(
            '<br><span class="muted">{}</span>',
            ngettext("%(counter)s attempt", "%(counter)s attempts", n) % {"counter": n},
        )
    )

    def cell_html(key: tuple) -> str:
        score, is_passed, attempts, discernment = key
        if not attempts:
            return no_attempt
        signal = f"{d_label}{signs[discernment]}</span>" if discernment is not None else ""
        mark = passed if is_passed else ""
        return f'<td class="num">{scores[score]}{mark}{signal}{counts[attempts]}</td>'

    cells_html = _Formatted(cell_html)  # a page's cells repeat a few dozen (score, passed, attempts, D) values
    shown = formats.get_format("DATETIME_FORMAT")

    def signal_html(row) -> str:
        if row.discernment is None:
            return no_signal
        bias = format_html('<br><span class="muted">{}</span>', row.bias_label) if row.bias_label else ""
        return f'<td class="num">{signs[row.discernment]}{bias}</td>'

    # Reversed once: the learner's place in the address is a sentinel no cohort id shares, replaced per row.
    sentinel = 987_654_321
    before, _, after = reverse("quiz:learner-detail", args=[cohort.pk, sentinel]).rpartition(str(sentinel))
    html = []
    for row in rows:
        learner = format_html(
            '<th scope="row"><a href="{}{}{}">{}</a></th>', before, row.learner.pk, after, row.learner.get_username()
        )
        cells = "".join(cells_html[c.score, c.passed, c.attempts, c.discernment] for c in row.cells)
        activity = f"<td>{_when(row.last_activity, shown)}</td>" if row.last_activity else never
        html.append(mark_safe(f"<tr>{learner}{signal_html(row)}{cells}{activity}</tr>"))  # every part escaped above
    return html


def _sorted_by(request, sort: str) -> str:
    """The page's query with `sort` set and no page (as `{% querystring sort=… page=None %}` gives it)."""
    params = request.GET.copy()
    params["sort"] = sort
    params.pop("page", None)
    return f"?{params.urlencode()}"


def columns_html(request, quiz_columns) -> SafeString:
    """The quizzes' `<th>`s: the section (or document) and kind, a link that sorts by the quiz, the sort arrow."""
    kinds = {value: str(label) for value, label in Quiz.Kind.choices}  # translated once, not once a column
    html = []
    for quiz, column in quiz_columns:
        if quiz.section_id:
            name = format_html("<span{}>{}</span>", content_lang(quiz.section), quiz.section.title)
        else:
            text = gettext("All of <span%(lang_attr)s>%(document)s</span>")
            name = mark_safe(text % {"lang_attr": content_lang(quiz.document), "document": escape(quiz.document.title)})
        html.append(
            format_html(
                '<th scope="col" class="num" aria-sort="{}"><a href="{}">{}<br>'
                '<span class="muted">{}</span>{}</a></th>',
                column["state"],
                _sorted_by(request, column["link"]),
                name,
                kinds[quiz.kind],
                mark_safe(ARROWS.get(column["state"], "")),
            )
        )
    return mark_safe("".join(html))


def summary_html(summary, *, members: int) -> tuple[SafeString, SafeString]:
    """The footer's two rows of quiz cells: each quiz's average over the cohort, and how many took it."""
    averages = "".join(
        '<td class="num">—</td>'
        if entry.average is None
        else format_html('<td class="num">{}</td>', percent(whole(entry.average)))
        for entry in summary
    )
    took = gettext("%(learners)s of %(member_count)s")
    counts = "".join(
        format_html('<td class="num">{}</td>', took % {"learners": entry.learners, "member_count": members})
        for entry in summary
    )
    return mark_safe(averages), mark_safe(counts)
