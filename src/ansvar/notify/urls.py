from django.urls import path

from ansvar.notify import views

urlpatterns = [
    path("utskick/", views.outbox, name="outbox"),
    path("utskick/<int:pk>/skicka-igen/", views.outbox_send_again, name="outbox-send-again"),
    path("aviseringar/installningar/", views.preferences, name="mail-preferences"),
]
