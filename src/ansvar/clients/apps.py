from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "ansvar.clients"
    label = "clients"

    def ready(self) -> None:
        from ansvar.clients import actions, duties  # noqa: F401  (registers actions, duties)
        from ansvar.clients.models import CriticismReport
        from ansvar.engine.targets import RESOLVERS, _numeric

        RESOLVERS["criticism"] = _numeric(CriticismReport)
