from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only by config.settings.bench: the `bench` management command."""

    name = "accord.bench"
    label = "bench"
    verbose_name = "Benchmarks"
