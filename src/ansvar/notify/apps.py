from typing import Any

from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "ansvar.notify"
    label = "notify"
    verbose_name = "Notifications and e-mail"

    def ready(self) -> None:
        from ansvar.engine.registry import decision_made
        from ansvar.notify.erasure import erase_messages
        from ansvar.people.actions.erasure import register_eraser

        decision_made.connect(_after_decision, dispatch_uid="ansvar.notify.after_decision")
        register_eraser("notify", erase_messages)


def _after_decision(sender: Any, done: Any, **kwargs: Any) -> None:
    from ansvar.notify.record import after_decision

    after_decision(done)
