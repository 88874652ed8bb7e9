from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ansvar.web"
    label = "web"
