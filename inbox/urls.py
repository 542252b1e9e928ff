from django.urls import path

from . import views

# No app namespace: the admin's inbox viewset already uses "inbox".
urlpatterns = [path("<slug:slug>/", views.contact, name="contact")]
