"""User management for the Admin KLA (own city only) and the password page of every user.

Another city's user is a 404 (``get_city_user``); other roles get the 403 page. A temporary
password is shown once, on the page answering the POST, and never again.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services
from .access import MANAGERS, city_users, get_city_user, role_required
from .forms import OwnPasswordForm, UserForm

manager_required = role_required(*MANAGERS)


@manager_required
@require_GET
def user_list(request):
    users = city_users(request.user).order_by("-is_active", "role", "username")
    return render(request, "accounts/user_list.html", {"users": users})


@manager_required
@require_http_methods(["GET", "POST"])
@never_cache
def user_create(request):
    form = UserForm(request.POST or None, kabupaten=request.user.kabupaten, creating=True)
    if form.is_valid():
        try:
            user, password = services.create_user(
                by=request.user, username=form.cleaned_data["username"], **form.fields_for_service
            )
        except services.AccountError as error:
            form.add_error(None, error.message)
        else:
            return temporary_password_page(request, user, password, created=True)
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


@manager_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    target = get_city_user(request.user, pk)
    initial = UserForm.initial_from(target)
    form = UserForm(request.POST or None, kabupaten=request.user.kabupaten, initial=initial)
    if form.is_valid():
        try:
            changes = services.update_user(target, by=request.user, **form.fields_for_service)
        except services.AccountError as error:
            form.add_error(None, error.message)
        else:
            if changes:
                messages.success(request, _("Pengguna %(name)s disimpan.") % {"name": target})
            else:
                messages.info(request, _("Tidak ada yang berubah."))
            return redirect("accounts:user-edit", target.pk)
    history = target.account_records.select_related("actor")[:50]
    context = {"form": form, "target": target, "history": history}
    return render(request, "accounts/user_form.html", context)


@manager_required
@require_POST
def user_deactivate(request, pk: int):
    return _set_active(request, pk, active=False)


@manager_required
@require_POST
def user_activate(request, pk: int):
    return _set_active(request, pk, active=True)


def _set_active(request, pk: int, *, active: bool):
    target = get_city_user(request.user, pk)
    try:
        services.set_active(target, by=request.user, active=active)
    except services.AccountError as error:
        messages.error(request, error.message)
    else:
        done = _("%(name)s diaktifkan.") if active else _("%(name)s dinonaktifkan.")
        messages.success(request, done % {"name": target})
    return redirect("accounts:user-edit", target.pk)


@manager_required
@require_POST
@never_cache
def user_reset_password(request, pk: int):
    target = get_city_user(request.user, pk)
    try:
        password = services.reset_password(target, by=request.user)
    except services.AccountError as error:
        messages.error(request, error.message)
        return redirect("accounts:user-edit", target.pk)
    return temporary_password_page(request, target, password, created=False)


def temporary_password_page(request, user, password: str, *, created: bool):
    context = {"target": user, "password": password, "created": created}
    return render(request, "accounts/temporary_password.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def password_change(request):
    form = OwnPasswordForm(request.user, request.POST or None)
    if form.is_valid():
        services.change_own_password(request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Kata sandi Anda sudah diganti."))
        return redirect("home")
    context = {"form": form, "forced": request.user.must_change_password}
    return render(request, "accounts/password_change.html", context)
