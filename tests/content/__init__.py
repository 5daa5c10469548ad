"""Tests of the content app."""
