"""A 3,000-row import in a real browser: the progress bar moves to completion, then publication.

The test thread plays the Celery worker: the upload and the confirmation queue their task
(captured here instead of running inline), and the test runs it, checking at each progress
step that the page, polling with htmx, shows the rows done. It works on the database in
turns with the live server (`database_turn`): their shared SQLite connection deadlocks when
both use it at once. axe-core checks every state of the import pages.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.registry import imports, tasks
from accord.registry.models import ImportBatch, ImportStatus, Organisation
from accord.registry.tests.factories import CreneauFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROWS = 3000


def fr(text: str) -> str:
    with translation.override("fr"):
        return str(translation.gettext(text))


def csv_file(tmp_path):
    lines = ["Nom;Type;Région;Ville;NEQ;Taille;Leader;Créneaux"]
    for n in range(ROWS):
        lines.append(f"Entreprise {n};Entreprise;05 – Estrie;Magog;{1100000000 + n};Petite;Oui;Bois d'apparence")
    path = tmp_path / "organisations.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_3000_row_import_shows_its_progress_to_completion(
    page, sign_in, database_turn, estrie, estrie_user, tmp_path, monkeypatch
):
    CreneauFactory(slug="bois-estrie", name_fr="Bois d'apparence", regions=[estrie])
    queued: list[int] = []
    monkeypatch.setattr(tasks.check_import, "delay", queued.append)
    monkeypatch.setattr(tasks.apply_import, "delay", queued.append)
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 1000)
    monkeypatch.setattr(imports, "WRITE_CHUNK", 1000)
    shown: list[int] = []
    record_progress = imports._progress_of

    def progress_seen_by_the_page(batch):
        record = record_progress(batch)

        def step(done: int) -> None:
            record(done)
            # The page polls every second: the bar shows the rows done before the work goes on.
            database_turn.release()
            try:
                expect(page.locator("#import-progress-bar")).to_have_attribute("value", str(done), timeout=20_000)
            finally:
                database_turn.acquire()
            shown.append(done)

        return step

    monkeypatch.setattr(imports, "_progress_of", progress_seen_by_the_page)
    sign_in(estrie_user)

    page.goto("/gestion/imports/nouveau/")
    assert_accessible(page)
    page.get_by_label(fr("Organisations"), exact=True).check()
    page.get_by_label(fr("File")).set_input_files(str(csv_file(tmp_path)))
    page.get_by_role("button", name=fr("Check the file")).click()

    expect(page).to_have_url(re.compile(r"/gestion/imports/\d+/$"))
    expect(page.get_by_label(fr("Checking the rows"))).to_have_attribute("max", str(ROWS))
    assert_accessible(page)
    with database_turn:
        batch = ImportBatch.objects.get()
        tasks.check_import(queued.pop())  # the worker
    assert shown == [1000, 2000, 3000]

    # The step is over: the next poll reloads the page, which shows the rows and the confirmation.
    confirm = page.get_by_role("button", name=fr("Confirm the import"))
    expect(confirm).to_be_visible(timeout=20_000)
    expect(page.locator("tbody tr")).to_have_count(50)
    assert_accessible(page)
    confirm.click()

    expect(page.get_by_label(fr("Saving the rows"))).to_be_visible()
    with database_turn:
        tasks.apply_import(queued.pop())
    assert shown == [1000, 2000, 3000, 1000, 2000, 3000]
    expect(page.locator("#import-status")).to_have_text(fr("Imported"), timeout=20_000)
    with database_turn:
        batch.refresh_from_db()
        assert (batch.status, Organisation.objects.filter(is_published=False).count()) == (ImportStatus.APPLIED, ROWS)
    assert_accessible(page)

    # 3,000 rows and their history versions: longer than a click's default wait on a loaded machine.
    page.get_by_role("button", name=fr("Publish them")).click(timeout=120_000)
    expect(page.get_by_text(fr("The organisations created by this import are published."))).to_be_visible(
        timeout=120_000
    )
    with database_turn:
        assert not Organisation.objects.filter(is_published=False).exists()
