from django.urls import include, path

from ansvar.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("ansvar.web.urls")),
]
