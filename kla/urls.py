from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views
from .accounts.forms import LoginForm
from .ops.health import health

admin.site.site_header = _("Pantau KLA: administrasi")
admin.site.site_title = _("Pantau KLA")
admin.site.index_title = _("Data induk")

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            redirect_authenticated_user=True,
            authentication_form=LoginForm,  # issue 9: length and characters checked first
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("instrumen/", include("indicators.urls")),
    path("evaluasi/", include("evaluations.urls")),
    path("akun/", include("kla.accounts.urls")),  # issue 9: users and passwords in the app
    path("admin/", admin.site.urls),
    # The load balancer's probe: no login, no data (kla/ops/health.py, issue 13).
    path("sehat/", health, name="health"),
]
