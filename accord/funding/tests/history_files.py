"""Files of the program's history for the tests (decision 55): rows, and the three formats."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl

from .conftest import add_period

HEADER = ["reference", "title", "summary", "region", "creneaux", "year", "carrier", "status", "aid"]


def prepare(world: Any) -> Any:
    """Past periods, and a carrier known by its NEQ."""
    add_period(world.ministry, "2008-2013")
    add_period(world.ministry, "2013-2018")
    world.carrier.neq = "1143281018"
    world.carrier.save()
    return world


def row(**values: Any) -> dict[str, str]:
    base = {
        "reference": "ACC-2010-001",
        "title": "Étude de la main-d'œuvre du meuble",
        "summary": "Une étude des besoins de main-d'œuvre des fabricants de meubles de l'Estrie.",
        "region": "05",
        "creneaux": "meuble",
        "year": "2010",
        "carrier": "1143281018",
        "status": "Fermé",
        "aid": "45 000,00",
    }
    return {**base, **values}


def as_csv(rows: list[dict[str, str]], delimiter: str = ",", bom: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def as_xlsx(rows: list[dict[str, str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append([r[name] for name in HEADER])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
