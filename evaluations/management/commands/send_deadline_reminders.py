from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...services.notifications import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Kirim satu e-mail ringkasan ke setiap Operator OPD berisi isian OPD-nya yang belum "
        "diajukan (kosong, draf, dikembalikan) dan batas pengisiannya dalam N hari. Operator "
        "tanpa tunggakan tidak dikirimi. Jalankan dari cron, mis. setiap pagi: "
        "manage.py send_deadline_reminders --hari 7"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hari",
            type=int,
            default=7,
            help="Kirim bila batas pengisian paling lambat N hari lagi (bawaan: 7).",
        )

    def handle(self, *args, hari: int, **options):
        if hari < 0:
            raise CommandError("--hari tidak boleh negatif.")
        sent = send_deadline_reminders(days=hari, today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"{sent} e-mail pengingat terkirim."))
