"""Reviewing an entry: verify it, return it with a reason, and the comment thread."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kla.accounts.access import role_required

from .. import access
from ..errors import DomainError
from ..forms.review import CommentForm, ReturnForm
from ..services import entries as services
from .back import entry_url
from .entry import act, render_entry


@role_required(*access.REVIEWERS)
@require_POST
def entry_verify(request, pk: int):
    entry = access.get_entry(request.user, pk)
    return act(request, entry, services.verify_entry, _("Isian diverifikasi."))


@role_required(*access.REVIEWERS)
@require_POST
def entry_return(request, pk: int):
    entry = access.get_entry(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return render_entry(request, entry, return_form=form)
    service = partial(services.return_entry, reason=form.cleaned_data["reason"])
    return act(request, entry, service, _("Isian dikembalikan ke operator beserta alasannya."))


@role_required(*access.COMMENTERS)
@require_POST
def entry_comment(request, pk: int):
    entry = access.get_entry(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(entry, user=request.user, text=form.cleaned_data["text"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Komentar ditambahkan."))
            return redirect(entry_url(request, entry, "#komentar"))
    return render_entry(request, entry, comment_form=form)
