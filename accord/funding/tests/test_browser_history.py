"""The ministry imports the program's history in a real browser: upload, the row-by-row preview,
the confirmation, and the imported project's page with its badge and no step (axe-core clean)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.funding.models import Project

from .history_files import as_csv, prepare, row

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text):
    with translation.override("fr"):
        return str(translation.gettext(text))


def test_the_ministry_previews_then_confirms_a_file_of_past_projects(page, sign_in, world, tmp_path):
    prepare(world)
    path = tmp_path / "historique.csv"
    path.write_bytes(as_csv([row(), row(reference="ACC-2015-002", year="2015", status="Refusé", aid="")]))
    sign_in(world.ministry)
    page.goto(reverse("funding:history_import"))
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("The program's project history"))
    assert_accessible(page)

    page.get_by_label(fr("File")).set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name=fr("Check the file")).click()
    table = page.locator("main table")
    expect(table).to_contain_text("ACC-2010-001")
    expect(table).to_contain_text("ACC-2015-002")
    assert not Project.objects.exists()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name=fr("Confirm the import")).click()
    expect(page.locator("#import-status")).to_have_text(fr("Imported"))
    assert_accessible(page)

    project = Project.objects.get(number="ACC-2010-001")
    page.goto(project.get_absolute_url())
    expect(page.locator("#imported-badge")).to_have_text(fr("Imported from the program's history"))
    expect(page.get_by_role("link", name=fr("Edit the project"))).to_have_count(0)
    assert_accessible(page)
