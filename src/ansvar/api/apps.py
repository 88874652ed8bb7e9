from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ansvar.api"
    label = "api"
    verbose_name = "REST API"
