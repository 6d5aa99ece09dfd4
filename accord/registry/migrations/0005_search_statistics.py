"""Finer statistics on the search columns, so that searches use their trigram index (PostgreSQL only)."""

from django.db import migrations

from accord.core.migration_operations import SearchStatistics


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_history_reason_text")]

    operations = [
        SearchStatistics("organisation", "search_text"),
        SearchStatistics("person", "search_text"),
        SearchStatistics("creneau", "search_text"),
    ]
