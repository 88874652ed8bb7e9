from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "ansvar.org"
    label = "org"
    verbose_name = "Organisation"

    def ready(self) -> None:
        # Register the actions: the policy handlers, founding and import.
        from ansvar.org import actions, founding, importing  # noqa: F401
