"""Finer statistics on the search columns, so that searches use their trigram index (PostgreSQL only)."""

from django.db import migrations

from accord.core.migration_operations import SearchStatistics


class Migration(migrations.Migration):
    dependencies = [("governance", "0003_alter_pendingagendaitem_source")]

    operations = [
        SearchStatistics("committee", "search_text"),
        SearchStatistics("resolution", "search_text"),
    ]
