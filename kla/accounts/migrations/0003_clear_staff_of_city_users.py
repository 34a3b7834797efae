"""City users (a role or a kabupaten/kota) never use the Django admin (docs/security.md, "Who
may do what"): clear their staff and superuser flags and the model permissions the demo gave the
Admin KLA. Not reversed: nobody should get those rights back by a rollback."""

from django.db import migrations
from django.db.models import Q


def clear_staff_of_city_users(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    city_users = User.objects.filter(~Q(role="") | Q(kabupaten__isnull=False))
    city_users.filter(Q(is_staff=True) | Q(is_superuser=True)).update(
        is_staff=False, is_superuser=False
    )
    User.user_permissions.through.objects.filter(user__in=city_users).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_add_must_change_password_and_account_records")]

    operations = [migrations.RunPython(clear_staff_of_city_users, migrations.RunPython.noop)]
