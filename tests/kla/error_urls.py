"""The project's URLs plus one page that fails, to see the 500 page (tests only)."""

from django.urls import path

from kla.urls import urlpatterns as project_urls


def broken(request):
    raise RuntimeError("a page that fails, for the 500 page's test")


urlpatterns = [*project_urls, path("rusak/", broken)]
