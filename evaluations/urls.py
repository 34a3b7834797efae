from django.urls import path  # noqa: F401

from .dashboards import chart_views as charts
from .dashboards import views as dashboards
from .views import (
    assignments,
    cycles,
    entry,
    evidence,
    exports,
    notifications,
    official_results,
    province,
    review,
    scores,
    what_if,
    worklists,
)

app_name = "evaluations"

urlpatterns = [
    # Entries, evidence and review
    path("isian/<int:pk>/", entry.entry_detail, name="entry-detail"),
    path("isian/<int:pk>/nilai/", entry.entry_save, name="entry-save"),
    path("isian/<int:pk>/ajukan/", entry.entry_submit, name="entry-submit"),
    path("isian/<int:pk>/verifikasi/", review.entry_verify, name="entry-verify"),
    path("isian/<int:pk>/kembalikan/", review.entry_return, name="entry-return"),
    path("isian/<int:pk>/komentar/", review.entry_comment, name="entry-comment"),
    path("isian/<int:pk>/bukti/", evidence.evidence_upload, name="entry-evidence-upload"),
    path("isian/<int:pk>/bukti/daftar/", evidence.entry_evidence_list, name="entry-evidence-list"),
    path("bukti/<int:pk>/", evidence.evidence_download, name="evidence-download"),
    path("bukti/<int:pk>/ganti/", evidence.evidence_replace, name="evidence-replace"),
    # Issue 11: evidence that can be fixed, a submission that can be taken back
    path("bukti/<int:pk>/dokumen/", evidence.evidence_retag, name="evidence-retag"),
    path("bukti/<int:pk>/tarik/", evidence.evidence_withdraw, name="evidence-withdraw"),
    path("isian/<int:pk>/tarik/", entry.entry_withdraw, name="entry-withdraw"),
    path(
        "siklus/<int:cycle_id>/pertanyaan/<int:question_id>/",
        entry.question_units,
        name="question-units",
    ),
    # Cycles and assignments
    path("siklus/", cycles.cycle_list, name="cycle-list"),
    path("siklus/baru/", cycles.cycle_create, name="cycle-create"),
    path("siklus/<int:pk>/", cycles.cycle_detail, name="cycle-detail"),
    path("siklus/<int:pk>/tanggal/", cycles.cycle_dates, name="cycle-dates"),
    path("siklus/<int:pk>/buka-kembali/", cycles.cycle_reopen, name="cycle-reopen"),
    path("siklus/<int:pk>/penugasan/", assignments.assignment_matrix, name="assignment-matrix"),
    path(
        "siklus/<int:pk>/penugasan/<int:question_pk>/",
        assignments.assignment_reassign,
        name="assignment-reassign",
    ),
    # Worklists and notifications
    path("tugas-saya/", worklists.my_tasks, name="my-tasks"),
    path("verifikasi/", worklists.review_queue, name="review-queue"),
    path("isian/", worklists.entry_list, name="entry-list"),
    path("progres/", worklists.progress, name="progress"),
    path("notifikasi/", notifications.notification_list, name="notification-list"),
    path(
        "notifikasi/<int:pk>/dibaca/",
        notifications.notification_read,
        name="notification-read",
    ),
    path(
        "notifikasi/dibaca-semua/",
        notifications.notification_read_all,
        name="notification-read-all",
    ),
    # Scores, path to the next tier, what-if
    path("skor/", scores.score, name="score"),
    path("skor/naik-predikat/", scores.path, name="path"),
    path("skor/riwayat/", official_results.score_history, name="score-history"),
    path(
        "skor/riwayat/<int:cycle_id>/hasil-resmi/",
        official_results.official_result_edit,
        name="official-result-edit",
    ),
    path("simulasi/", what_if.what_if, name="what-if"),
    path("simulasi/hitung/", what_if.what_if_score, name="what-if-score"),
    # Exchange with the users' world: Excel, CSV, PDF, ZIP (evaluations/exports/)
    path("tugas-saya/templat/", exports.template_download, name="template-download"),
    path("tugas-saya/impor/", exports.template_import, name="template-import"),
    path("ekspor/rekap-excel/", exports.cycle_workbook, name="export-cycle-xlsx"),
    path("ekspor/rekap-csv/", exports.cycle_csv, name="export-cycle-csv"),
    path("ekspor/ringkasan-pdf/", exports.summary_pdf, name="export-summary-pdf"),
    path("ekspor/bukti/", exports.evidence_bundle, name="export-evidence-bundle"),
    # Dashboards and chart data
    path("dasbor/pimpinan/", dashboards.pimpinan, name="dashboard-pimpinan"),
    path("dasbor/dp3akb/", dashboards.dp3akb, name="dashboard-dp3akb"),
    path("dasbor/grafik/kemajuan/", charts.tier_progress, name="chart-tier-progress"),
    path("dasbor/grafik/klaster/", charts.clusters, name="chart-clusters"),
    path("dasbor/grafik/kecamatan/", charts.kecamatan, name="chart-kecamatan"),
    path("dasbor/grafik/progres-opd/", charts.opd_progress, name="chart-opd-progress"),
    # Province: the province dashboard and its chart (issue 12)
    path("provinsi/", dashboards.province, name="dashboard-province"),
    path(
        "provinsi/grafik/sebaran-predikat/",
        charts.province_tiers,
        name="chart-province-tiers",
    ),
    path("provinsi/kota/<str:code>/verifikasi/", province.province_review, name="province-review"),
    path(
        "provinsi/siklus/<int:cycle_id>/indikator/<int:indicator_id>/",
        province.province_mark,
        name="province-mark",
    ),
    path(
        "provinsi/siklus/<int:cycle_id>/terima/", province.province_accept, name="province-accept"
    ),
]
