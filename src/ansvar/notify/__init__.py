"""Telling people of the decisions that concern them: in the app and by e-mail.

``messages`` maps each action to the people it concerns and what they are told;
``record`` writes the in-app notification and the outbox message once (idempotency key),
inside the decision's transaction; ``delivery`` sends the outbox after the commit, from the
task worker (``tasks``) or ``ansvar tick``, with retries and backoff. See README, "E-mail".
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ansvar.engine.registry import Done


def after_decision(done: "Done") -> "Done":
    """``perform``'s hook, inside the decision's transaction after the log entry: record
    who is told of it. Returns ``done`` unchanged."""
    from ansvar.notify.record import after_decision as record_after

    return record_after(done)
