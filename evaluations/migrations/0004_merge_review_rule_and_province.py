# Merges the review rule (issue 9) and the province stage (issue 12), developed side by side.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0003_add_indicator_review'),
        ('evaluations', '0003_audit_action_review_needed_again'),
    ]

    operations = [
    ]
