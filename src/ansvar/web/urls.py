from django.contrib.auth import views as auth_views
from django.urls import path

from ansvar.web import actions, views

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("ansvarskarta/", views.responsibility_map_view, name="responsibility-map"),
    path("handling/<slug:action_name>/", actions.perform_view, name="perform"),
]
