"""A person's own notices: list them, mark one or all as read.

Marking one's own notice as read is not evaluation data, so every role may do it (Pimpinan
included); a notice of someone else is a 404.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from kla.accounts.access import member_required

from ..services import notifications


@member_required
@require_GET
def notification_list(request):
    notices = request.user.notifications.all()
    page = Paginator(notices, 30).get_page(request.GET.get("halaman"))
    return render(request, "evaluations/notification_list.html", {"page": page})


@member_required
@require_POST
def notification_read(request, pk: int):
    notice = get_object_or_404(request.user.notifications, pk=pk)
    notifications.mark_read(notice)
    return redirect("evaluations:notification-list")


@member_required
@require_POST
def notification_read_all(request):
    notifications.mark_all_read(request.user)
    return redirect("evaluations:notification-list")
