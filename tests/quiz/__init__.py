"""Tests of the quiz app."""
