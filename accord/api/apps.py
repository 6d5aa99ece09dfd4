from django.apps import AppConfig


class ApiConfig(AppConfig):
    """REST API wiring: routers, schema, authentication. No domain rules."""

    name = "accord.api"
    label = "api"
    verbose_name = "API"
