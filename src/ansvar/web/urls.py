from django.contrib.auth import views as auth_views
from django.urls import path

from ansvar.web import actions, views, views_clients

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("ansvarskarta/", views.responsibility_map_view, name="responsibility-map"),
    path("handling/<slug:action_name>/", actions.perform_view, name="perform"),
    path("kunder/", views_clients.clients_index, name="clients"),
    path("kunder/<slug:slug>/", views_clients.client_page, name="client"),
    path("vd/", views_clients.ceo_page, name="ceo"),
    path("aviseringar/", views_clients.notifications, name="notifications"),
    path("aviseringar/las/", views_clients.notifications_read, name="notifications-read"),
]
