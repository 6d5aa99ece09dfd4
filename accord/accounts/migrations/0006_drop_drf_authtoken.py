"""DRF's clear-text tokens (rest_framework.authtoken) are replaced by django-rest-knox's hashed,
expiring ones (decision 17): their table goes, and with it every old token."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_api_token_history"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
        migrations.RunSQL("DELETE FROM django_migrations WHERE app = 'authtoken'", migrations.RunSQL.noop),
    ]
