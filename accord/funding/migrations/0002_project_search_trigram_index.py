"""A trigram index on the projects' search column (PostgreSQL only; no-op on SQLite).

Like the registry's and governance's searched tables: without it a search that no other
filter narrows (a project number, a rare word) reads the whole table, about 50 ms at the
bench's international scale (100,000 projects); with it a few milliseconds.
"""

from django.db import migrations

from accord.core.migration_operations import CreateTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [
        CreateTrigramIndex("project", "search_text", "funding_project_search_trgm"),
    ]
