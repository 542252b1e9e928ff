from django.urls import path

from . import views

app_name = "students"

urlpatterns = [
    path("", views.my_librarian, name="my_librarian"),
    path("profile/", views.profile, name="profile"),
    path("switch/", views.request_switch, name="request_switch"),
    path("my-data.json", views.download_data, name="download_data"),
    path("delete/", views.delete_account, name="delete_account"),
]
