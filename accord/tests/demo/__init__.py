"""The demo of every app, loaded once (conftest.py)."""
