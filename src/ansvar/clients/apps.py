from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "ansvar.clients"
    label = "clients"

    def ready(self) -> None:
        from ansvar.clients import actions, duties  # noqa: F401  (registers actions, duties)
        from ansvar.clients.models import CriticismReport
        from ansvar.engine.targets import by_id, register_resolver

        register_resolver("criticism", by_id(CriticismReport))
