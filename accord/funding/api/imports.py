"""`POST /api/v1/projects/import/`: the program's project history from a script (decision 55).

The same import as the page and the command (funding.imports): a multipart `file` of up to
10 MB, CSV, Excel or JSON Lines, checked by the page's form, then every row checked and the
whole file written or nothing. The ministry's (policies.can_import_projects; 403 for the
fund's other readers). 201 when it created projects, 200 when it only updated some, with the
counts; 400 with each refused row's number and reasons when nothing was written.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import imports, policies
from ..forms import HistoryImportForm
from ..models import ProjectImportStatus

_Counts = inline_serializer(
    "ProjectImportCounts",
    {
        "id": serializers.IntegerField(),
        "status": serializers.CharField(),
        "rows": serializers.IntegerField(),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
    },
)


class ProjectImportView(APIView):
    """Import past years' projects, all or nothing."""

    permission_classes = [policies.FUNDING.permission]

    @extend_schema(
        request={"multipart/form-data": inline_serializer("ProjectImportFile", {"file": serializers.FileField()})},
        responses={
            201: _Counts,
            200: _Counts,
            400: OpenApiResponse(description=_("The file or its refused rows; nothing was written.")),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not policies.can_import_projects(request.user):
            raise exceptions.PermissionDenied(_("Only the ministry imports the program's history."))
        form = HistoryImportForm(data={}, files=request.FILES)
        if not form.is_valid():
            return Response({"file": form.errors.get("file", [])}, status=status.HTTP_400_BAD_REQUEST)
        uploaded = form.cleaned_data["file"]
        try:
            record = imports.import_file(actor=request.user, file_name=uploaded.name, content=uploaded.read())
        except imports.ImportFileError as exc:
            return Response({"file": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        counts = {
            "id": record.pk,
            "status": record.status,
            "rows": record.row_count,
            "created": record.created_count,
            "updated": record.updated_count,
        }
        if record.status != ProjectImportStatus.APPLIED:
            refused = [
                {"row": row["number"], "reference": row["reference"], "errors": row["errors"]}
                for row in record.results
                if row["errors"]
            ]
            detail = record.message or _("Nothing was imported: %(count)s rows are refused.") % {
                "count": record.error_count
            }
            body = {**counts, "detail": detail, "refused_count": record.error_count, "refused": refused}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(counts, status=status.HTTP_201_CREATED if record.created_count else status.HTTP_200_OK)
