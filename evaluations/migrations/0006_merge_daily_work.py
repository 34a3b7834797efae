# Merges the daily-work changes (issue 11), developed beside issues 9 and 12.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0003_evidence_withdrawal_and_notice_kinds'),
        ('evaluations', '0005_audit_actions_of_both'),
    ]

    operations = [
    ]
