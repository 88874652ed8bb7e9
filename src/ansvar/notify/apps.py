from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "ansvar.notify"
    label = "notify"
    verbose_name = "Notifications and e-mail"
