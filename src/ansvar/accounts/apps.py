from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ansvar.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Register the account actions with the engine.
        from ansvar.accounts import actions  # noqa: F401
