# Merges the user pages (issue 9) and the province roles (issue 12), developed side by side.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_add_province_roles'),
        ('accounts', '0003_clear_staff_of_city_users'),
    ]

    operations = [
    ]
