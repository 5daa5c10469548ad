"""The test suite; it mirrors the code (content/, quiz/) plus site-wide tests."""
