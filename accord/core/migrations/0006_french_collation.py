from django.db import migrations

from accord.core.migration_operations import CreateFrenchCollation


class Migration(migrations.Migration):
    """The collation the name columns of the registry and governance declare (PostgreSQL; SQLite registers it per connection)."""

    dependencies = [
        ("core", "0005_email_delivery"),
    ]

    operations = [CreateFrenchCollation()]
