"""Template filters for scores: signed numbers with a true minus sign, whole points rounded one way, certainty."""

from django import template

from quiz import scoring

register = template.Library()


@register.filter
def signed(value) -> str:
    """+3, −6, 0: the sign always shown (a real minus sign), nothing for a missing value."""
    if value is None or value == "":
        return ""
    number = int(value)
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"−{-number}"
    return "0"


@register.filter
def whole(value):
    """Whole points, rounded half up as `scoring.whole` does everywhere ("" for a missing value)."""
    rounded = scoring.whole(value if value != "" else None)
    return "" if rounded is None else rounded


@register.filter
def certainty_words(value) -> str:
    """ "low certainty", "medium certainty", "high certainty" for an item's `certainty` (none given: low)."""
    return scoring.certainty_words(value if value != "" else None)
