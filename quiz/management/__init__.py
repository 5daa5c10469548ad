"""Management commands of the quiz app."""
