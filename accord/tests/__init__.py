"""Tests across the apps: the whole demo (accord/tests/demo)."""
