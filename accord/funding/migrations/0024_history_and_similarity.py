"""Projects imported from the program's history (decision 55); the index the similar projects' sync reads (decision 56)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("funding", "0023_public_page")]

    operations = [
        migrations.AddField(
            model_name="historicalproject",
            name="imported_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="imported from the program's history on"
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="imported_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="imported from the program's history on"
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["updated_at"], name="funding_project_updated"),
        ),
    ]
