"""POST /api/v1/auth/token/ with {"email", "password"} returns {"token", "expiry"}."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .. import policies, selectors
from ..services import create_api_token


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenView(APIView):
    """Exchange an email and password for a new API token, valid until `expiry`.

    Each call issues a new token (only its hash is kept); its owner sees and revokes them
    on their account page, and a password change ends them all. Accounts that sign in with
    a second factor get theirs from the account page or from `manage.py create_api_token`.
    """

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
            )
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # django-axes counts failures and locks out repeated guesses, as on the sign-in page.
        user = authenticate(
            request._request,
            username=serializer.validated_data["email"].strip().lower(),
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [str(_("Unable to sign in with this email and password."))]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if policies.requires_second_factor(user) or selectors.has_second_factor(user):
            # A password alone must not open an account that signs in with a second factor:
            # its tokens come from the account page, signed in with it, or from an operator.
            return Response(
                {
                    "detail": str(
                        _(
                            "This account signs in with a second factor: create a token on your account page "
                            "or ask an operator (manage.py create_api_token)."
                        )
                    )
                },
                status=status.HTTP_403_FORBIDDEN,
            )
        token, key = create_api_token(user, actor=user, reason=str(_("API token issued by the token endpoint")))
        return Response({"token": key, "expiry": serializers.DateTimeField().to_representation(token.expiry)})
