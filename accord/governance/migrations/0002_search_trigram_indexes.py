"""Trigram indexes on the search columns (PostgreSQL only; no-op on SQLite)."""

from django.db import migrations

from accord.core.migration_operations import CreateTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [
        CreateTrigramIndex("resolution", "search_text", "governance_resolution_search_trgm"),
        CreateTrigramIndex("committee", "search_text", "governance_committee_search_trgm"),
    ]
