from typing import Any

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "ansvar.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # The endpoints' actions, with the engine (their rules read the account facts, which
        # the accounts app registers for them), and the deliveries a decision sets off.
        from ansvar.engine.registry import decision_made
        from ansvar.webhooks import actions  # noqa: F401

        decision_made.connect(_after_decision, dispatch_uid="ansvar.webhooks.after_decision")


def _after_decision(sender: Any, done: Any, **kwargs: Any) -> None:
    from ansvar.webhooks.record import after_decision

    after_decision(done)
