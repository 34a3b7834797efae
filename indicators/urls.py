from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.instrument_current, name="instrument-current"),
    path("unggah/", views.instrument_upload, name="instrument-upload"),
    path("unggah/<str:sha256>/konfirmasi/", views.instrument_confirm, name="instrument-confirm"),
    path("<slug:code>/", views.instrument_detail, name="instrument-detail"),
    path("<slug:code>/json/", views.instrument_json, name="instrument-json"),
    path("<slug:code>/excel/", views.instrument_excel, name="instrument-excel"),
]
