"""``--kode`` and ``--tahun``, shared by the score commands (not a command itself: the leading
underscore keeps Django from listing it)."""

from django.core.management.base import CommandError

from evaluations.models import Cycle


def add_cycle_arguments(parser, *, required: bool) -> None:
    parser.add_argument("--kode", required=required, help="kode wilayah kabupaten/kota, mis. 36.73")
    parser.add_argument("--tahun", type=int, required=required, help="tahun siklus, mis. 2026")


def cycles_from(options):
    cycles = Cycle.objects.select_related("kabupaten", "instrument").order_by(
        "kabupaten__code", "year"
    )
    if options.get("kode"):
        cycles = cycles.filter(kabupaten__code=options["kode"])
    if options.get("tahun"):
        cycles = cycles.filter(year=options["tahun"])
    return cycles


def one_cycle(options) -> Cycle:
    cycle = cycles_from(options).first()
    if cycle is None:
        raise CommandError(f"Tidak ada siklus {options['tahun']} untuk kode {options['kode']}.")
    return cycle
