"""The adopted bilans waiting for their regional committee, or on the agenda of one of its meetings still
being prepared, are presented for information, not decided on (decision 39): their items were placed as
decisions before a waiting item had a kind. Items of meetings held, closed or cancelled are their record
and stay as they were."""

from django.db import migrations
from django.utils import timezone

PREPARED = ("planned", "convened")
# In both languages: a history reason is free text, shown as written (not a message key).
REASON = "Bilan présenté pour information / annual report presented for information"


def to_information(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    PendingAgendaItem = apps.get_model("governance", "PendingAgendaItem")
    AgendaItem = apps.get_model("governance", "AgendaItem")
    HistoricalAgendaItem = apps.get_model("governance", "HistoricalAgendaItem")
    bilan = ContentType.objects.filter(app_label="results", model="bilan").first()
    if bilan is None:
        return  # no bilan was ever placed on an agenda
    PendingAgendaItem.objects.filter(subject_type=bilan, committee__kind="regional", placed_on__isnull=True).update(
        kind="information"
    )
    items = AgendaItem.objects.filter(
        subject_type=bilan, meeting__committee__kind="regional", meeting__status__in=PREPARED
    ).exclude(kind="information")
    tracked = [f for f in HistoricalAgendaItem._meta.fields if not f.name.startswith("history_")]
    now = timezone.now()
    for item in items.order_by("pk"):
        item.kind = "information"
        item.save(update_fields=["kind"])
        # Historical models carry no history manager inside a migration: the version is written here.
        HistoricalAgendaItem.objects.create(
            **{f.attname: getattr(item, f.attname) for f in tracked},
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
            history_user=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("governance", "0019_pending_item_kind"),
        ("results", "0003_value_reminders"),
    ]

    operations = [migrations.RunPython(to_information, migrations.RunPython.noop)]
