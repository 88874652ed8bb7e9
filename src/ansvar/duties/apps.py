from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "ansvar.duties"
    label = "duties"

    def ready(self) -> None:
        from ansvar.duties import providers  # noqa: F401  (registers the providers)
