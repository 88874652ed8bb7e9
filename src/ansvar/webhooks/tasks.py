"""The webhook delivery task, run by the django.tasks worker (``ansvar worker``)."""

from django.tasks import task


@task
def deliver() -> dict[str, int]:
    """Send the deliveries that are due; safe to run any number of times at once."""
    from ansvar.webhooks.delivery import send_due

    return send_due().as_dict()
