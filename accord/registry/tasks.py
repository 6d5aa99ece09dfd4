"""Background tasks of the registry: the two steps of an import (inline in the embedded default)."""

from __future__ import annotations

from celery import shared_task

from . import imports
from .models import ImportBatch, ImportStatus


@shared_task
def check_import(batch_id: int) -> None:
    """Check every row of an uploaded file (nothing saved) and keep the outcome on the batch."""
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=batch_id, status=ImportStatus.CHECKING).first()
    if batch is not None:  # a task delivered twice finds the batch already checked
        imports.check_batch(batch)


@shared_task
def apply_import(batch_id: int) -> None:
    """Save the rows of a confirmed import."""
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=batch_id, status=ImportStatus.APPLYING).first()
    if batch is not None:
        imports.apply_batch(batch)
