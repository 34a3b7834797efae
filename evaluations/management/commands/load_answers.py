from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from evaluations.services.answers_file import AnswersFileError, load_answers, read_answers_file
from kla.accounts.models import Role


class Command(BaseCommand):
    help = (
        "Muat jawaban dari berkas JSON (format docs/answers-format.md). Setiap baris diperiksa; "
        "bila ada satu saja yang salah, semua kesalahan dicetak dengan nomor barisnya dan tidak "
        "ada yang dimuat. Dokumen yang disebut dilampirkan sebagai PDF hasil bangkitan."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas JSON jawaban")
        parser.add_argument(
            "--pengguna",
            help="nama pengguna yang tercatat memuat (bawaan: Admin KLA pertama kota itu)",
        )
        parser.add_argument(
            "--tanpa-notifikasi",
            action="store_true",
            help=(
                "jangan beri tahu operator tentang isian yang diverifikasi/dikembalikan oleh "
                "berkas ini (untuk memuat riwayat)"
            ),
        )

    def handle(self, *args, berkas, pengguna=None, tanpa_notifikasi=False, **options):
        try:
            data = read_answers_file(berkas)
            user = self.user(data, pengguna)
            summary = load_answers(data, by=user, notify=not tanpa_notifikasi)
        except AnswersFileError as error:
            for problem in error.errors:
                self.stderr.write(f"- {problem}")
            raise CommandError(
                f"Pemuatan dibatalkan: {len(error.errors)} kesalahan, tidak ada yang dimuat."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.cycle.kabupaten.name} {summary.cycle.name}: {summary.rows} baris, "
                f"{summary.changed} isian berubah, {summary.documents} dokumen dilampirkan."
            )
        )

    def user(self, data, username):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"Pengguna “{username}” tidak ada.")
            return user
        kode = data.get("kode") if isinstance(data, dict) else None
        user = users.filter(role=Role.ADMIN_KLA, kabupaten__code=kode).order_by("pk").first()
        if user is None:
            raise CommandError(f"Tidak ada Admin KLA untuk kode {kode}; pakai --pengguna.")
        return user
