from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ansvar.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Register the account actions, and the reader of their facts, with the engine.
        from ansvar.accounts import actions, recent, throttle  # noqa: F401
        from ansvar.accounts.facts import account_facts
        from ansvar.engine.facts import register_account_facts
        from ansvar.policy.rules.accounts import ACCOUNT_FACT_ACTIONS

        register_account_facts(ACCOUNT_FACT_ACTIONS, account_facts)
