"""Tests of failure behaviour: the 503 page, /ready/, sessions while Redis is unreachable."""
