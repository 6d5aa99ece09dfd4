from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only by config.settings.bench: the `bench` management command."""

    name = "bench"
    verbose_name = "Benchmarks"
