from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "ansvar.decisions"
    label = "decisions"
    verbose_name = "Beslutslogg"
