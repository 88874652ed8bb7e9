from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ansvar.people"
    label = "people"

    def ready(self) -> None:
        # Register the actions and the duty providers of the people processes.
        from ansvar.people import actions, duties  # noqa: F401
