"""Trigram indexes on the search columns (PostgreSQL only; no-op on SQLite)."""

from django.db import migrations

from accord.core.migration_operations import CreateTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        CreateTrigramIndex("organisation", "search_text", "registry_org_search_trgm"),
        CreateTrigramIndex("person", "search_text", "registry_person_search_trgm"),
        CreateTrigramIndex("creneau", "search_text", "registry_creneau_search_trgm"),
    ]
