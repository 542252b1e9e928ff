from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("book/<slug:slug>/", views.book, name="book"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/consultation.ics", views.invitation, name="invitation"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("feedback/<str:token>/", views.survey, name="survey"),
]
