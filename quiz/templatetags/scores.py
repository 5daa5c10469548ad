"""Template filters for scores: signed numbers with a true minus sign."""

from django import template

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
