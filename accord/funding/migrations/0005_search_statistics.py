"""Finer statistics on the search columns, so that searches use their trigram index (PostgreSQL only)."""

from django.db import migrations

from accord.core.migration_operations import SearchStatistics


class Migration(migrations.Migration):
    dependencies = [("funding", "0004_envelope_figures")]

    operations = [
        SearchStatistics("project", "search_text"),
    ]
