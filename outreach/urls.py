from django.urls import path, re_path

from . import views

app_name = "outreach"

urlpatterns = [
    # tokens are secrets.token_urlsafe(32): 43 URL-safe characters; anything else is a 404
    re_path(
        r"^unsubscribe/(?P<token>[A-Za-z0-9_-]{20,64})/$", views.unsubscribe, name="unsubscribe"
    ),
    path("preferences/", views.preferences, name="preferences"),
]
