from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.instrument_current, name="instrument-current"),
    path("<slug:code>/", views.instrument_detail, name="instrument-detail"),
]
