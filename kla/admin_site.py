"""The Django admin with walls (docs/security.md, "Who may do what").

- Only the platform's active superusers enter it. City roles (Admin KLA included) are never
  staff; what an Admin KLA needs has pages in the app, scoped to its city.
- Audited models are read-only even for a superuser: their changes go through the services
  that check and audit them. ``ReadOnlyAdmin`` and ``ReadOnlyInline`` say so once.
- The instrument (tiers, clusters, indicators, questions, options, bands, documents) is frozen
  once a cycle uses it: it is shared by every city and decides their scores.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PlatformAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_superuser


class PlatformAdminConfig(AdminConfig):
    default_site = "kla.admin_site.PlatformAdminSite"


class NothingByHand:
    """Visible for inspection; never added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NothingByHand, admin.ModelAdmin):
    pass


class ReadOnlyInline(NothingByHand, admin.TabularInline):
    extra = 0


def instrument_in_use(instrument) -> bool:
    return instrument is not None and instrument.cycles.exists()


class FrozenWhenUsed:
    """Mixin: change and delete only while ``instrument_of(obj)`` is used by no cycle; the link
    to the parent is read-only (a part cannot be moved into a used instrument)."""

    parent_field = ""

    def instrument_of(self, obj):
        raise NotImplementedError

    def frozen(self, obj) -> bool:
        return obj is not None and instrument_in_use(self.instrument_of(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.frozen(obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.parent_field:
            fields.append(self.parent_field)
        return fields


class FrozenInline(admin.TabularInline):
    """Parts shown on the parent's page: editable only while the parent's instrument is used by
    no cycle (``obj`` is the parent here)."""

    extra = 0
    instrument_path = ""  # from the parent to its instrument, e.g. "cluster.instrument"

    def frozen(self, obj) -> bool:
        instrument = obj
        for name in filter(None, self.instrument_path.split(".")):
            instrument = getattr(instrument, name) if instrument is not None else None
        return obj is not None and instrument_in_use(instrument)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self.frozen(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.frozen(obj)
