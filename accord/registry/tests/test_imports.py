import pytest
from django.core.exceptions import PermissionDenied

from accord.registry import imports

pytestmark = pytest.mark.django_db


def test_read_table_accepts_comma_semicolon_and_windows_encoding():
    assert imports.read_table(b"Nom,Ville\nA,B\n", "f.csv") == [{"nom": "A", "ville": "B"}]
    assert imports.read_table("Nom;Ville\nÉ;Q\n".encode("cp1252"), "f.csv") == [{"nom": "É", "ville": "Q"}]


def test_outsiders_cannot_import(outsider):
    with pytest.raises(PermissionDenied):
        imports.start_import(
            actor=outsider, kind="organisations", file_name="a.csv", content=b"name,kind\nA,enterprise\n"
        )
