from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "ansvar.decisions"
    label = "decisions"
    verbose_name = "Beslutslogg"

    def ready(self) -> None:
        from ansvar.decisions import actions  # noqa: F401  (registers erase_personal_data)
