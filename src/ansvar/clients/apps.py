from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "ansvar.clients"
    label = "clients"
