"""docs/rules.md, the traceability matrix, stays true to the code: every test it names exists.

The matrix is read as text and the code with `ast`, so this module imports no app (the core
knows no domain: import-linter). Whether the named tests pass is the suite's job: they run with it.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MATRIX = ROOT / "docs" / "rules.md"
COLUMNS = ["id", "section", "quote", "rule", "status", "enforcement", "tests", "proved"]
STATUSES = {"enforced", "partial", "advisory", "not enforced", "not built yet"}
RULE_ID = re.compile(r"^R-[A-Z]{3}-\d{2}$")
# `accord/app/module.py::name` or `accord/app/tests/test_x.py::Class::test_name`, in backticks.
REFERENCE = re.compile(r"`((?:accord|bench)/[\w/]+\.py)::([\w.:]+)`")
PROVED = re.compile(r"^(yes \(\d{4}-\d{2}-\d{2}\)|not yet|—)$")


def rows() -> list[dict[str, str]]:
    """The rows of the matrix's table: the lines that start with `| R-`."""
    found = []
    for line in MATRIX.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| R-"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == len(COLUMNS), f"{cells[0]}: {len(cells)} cells, expected {len(COLUMNS)}"
        found.append(dict(zip(COLUMNS, cells, strict=True)))
    return found


@cache
def definitions(path: str) -> frozenset[str]:
    """The names a module defines at its top level, and `Class::method` for the methods of its classes."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.update({f"{node.name}::{item.name}", f"{node.name}.{item.name}"})
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(names)


def missing(references: list[tuple[str, str]]) -> list[str]:
    return [
        f"{path}::{name}" for path, name in references if not (ROOT / path).is_file() or name not in definitions(path)
    ]


def test_the_matrix_has_a_row_per_rule_with_a_known_status():
    found = rows()
    ids = [row["id"] for row in found]
    assert len(found) >= 50
    assert len(ids) == len(set(ids)), "rule ids are unique"
    assert all(RULE_ID.match(rule_id) for rule_id in ids), ids
    assert {row["id"]: row["status"] for row in found if row["status"] not in STATUSES} == {}
    assert {row["id"]: row["proved"] for row in found if not PROVED.match(row["proved"])} == {}
    assert all(row["quote"].startswith("«") and row["quote"].endswith("»") for row in found)


def test_every_enforced_rule_names_the_code_and_a_test():
    for row in rows():
        if row["status"] == "enforced":
            assert REFERENCE.search(row["enforcement"]), f"{row['id']} names no code"
            assert REFERENCE.search(row["tests"]), f"{row['id']} names no test"
        if row["proved"].startswith("yes"):
            assert REFERENCE.search(row["tests"]), f"{row['id']} is proved by no test"


def test_every_test_the_matrix_names_exists():
    named = [ref for row in rows() for ref in REFERENCE.findall(row["tests"])]
    assert named
    assert all(path.split("/")[-1].startswith("test_") for path, _name in named), "tests live in test_*.py"
    assert missing(named) == []


def test_every_piece_of_code_the_matrix_names_exists():
    named = [ref for row in rows() for ref in REFERENCE.findall(row["enforcement"])]
    assert named
    assert missing(named) == []


def test_a_renamed_test_would_be_noticed():
    assert missing([("accord/core/tests/test_rules_matrix.py", "test_every_test_the_matrix_names_exists")]) == []
    assert missing([("accord/core/tests/test_rules_matrix.py", "test_that_does_not_exist")]) != []
    assert missing([("accord/core/tests/test_nowhere.py", "test_anything")]) != []
