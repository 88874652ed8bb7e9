"""The delivery task, run by a django.tasks worker (``ansvar worker``: the database backend
of django-tasks-db, so no broker is needed)."""

from django.tasks import task


@task
def deliver() -> dict[str, int]:
    """Send what is due in the outbox; safe to run any number of times at once."""
    from ansvar.notify.delivery import send_due

    return send_due().as_dict()
