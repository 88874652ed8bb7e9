from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ansvar.people"
    label = "people"
