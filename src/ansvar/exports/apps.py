from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "ansvar.exports"
    label = "exports"
    verbose_name = "Data out"
