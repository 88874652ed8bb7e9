from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "ansvar.org"
    label = "org"
    verbose_name = "Organisation"

    def ready(self) -> None:
        from ansvar.org import actions  # noqa: F401  (registers the actions)
