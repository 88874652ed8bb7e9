from django.urls import include, path

urlpatterns = [
    path("", include("ansvar.web.urls")),
]
