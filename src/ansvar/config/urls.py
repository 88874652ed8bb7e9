from django.urls import include, path

from ansvar.api.v1 import api

# The API authenticates each request itself (a token, or the session with CSRF) and answers
# 401 as a problem, so LoginRequiredMiddleware must not redirect it to the log-in page.
api_patterns, app_name, namespace = api.urls
for pattern in api_patterns:
    pattern.callback.login_required = False  # type: ignore[union-attr]

urlpatterns = [
    path("api/v1/", (api_patterns, app_name, namespace)),
    path("", include("ansvar.web.urls")),
]
