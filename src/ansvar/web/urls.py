from django.contrib.auth import views as auth_views
from django.urls import include, path

from ansvar.web import actions, views, views_clients, views_log, views_own, views_people

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
    path("personer/", views_people.my_page, name="my-page"),
    path("kalender/", views_own.my_calendar, name="my-calendar"),
    path("mina-uppgifter/", views_own.my_data, name="my-data"),
    path("kalender/<str:token>.ics", views_own.feed, name="calendar-feed"),
    path("personer/<str:email>/", views_people.person_view, name="person"),
    path("omraden/<slug:slug>/", views_people.area_view, name="area"),
    path("beslutslogg/", views_log.log_view, name="decision-log"),
    path("beslutslogg/verifiera/", views_log.verify_view, name="decision-log-verify"),
    path("beslutslogg/nekade/", views_log.refusals_view, name="refusals"),
    path("i18n/", include("django.conf.urls.i18n")),
]
