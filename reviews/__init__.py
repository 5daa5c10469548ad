"""Spaced review: FSRS cards per learner and claim, review sessions, mastery and reminders."""
