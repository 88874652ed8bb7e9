"""Helpers shared by the web tests."""

from django.contrib.auth.models import User

PASSWORD = "hemligt-lösen-1"


def log_in(client, person):
    """Give ``person`` an account and log Django's test client in as them."""
    user = User.objects.create_user(username=person.email, password=PASSWORD)
    person.user = user
    person.save(update_fields=["user"])
    client.force_login(user)
