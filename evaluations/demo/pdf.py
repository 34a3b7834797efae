"""Generated demo evidence: a one-page A4 PDF naming the document it stands for.

Rendered by WeasyPrint, the library of the walikota's PDF (evaluations/exports/pdf_summary.py),
so the demo needs no PDF writer of its own. Rendering takes some milliseconds, and the demo
attaches hundreds of documents: one PDF is rendered per distinct text and kept for the life
of the process (the demo's documents differ by requirement, not by kecamatan).
"""

from functools import lru_cache

from django.utils.html import escape
from django.utils.translation import gettext as _

PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 25mm; }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 12pt; color: #222; }}
h1 {{ font-size: 18pt; color: #0f5e73; }}
p.note {{ color: #666; font-size: 9pt; border-top: 0.6pt solid #ccc; padding-top: 3mm; }}
</style></head><body><h1>{title}</h1>{lines}<p class="note">{note}</p></body></html>"""


@lru_cache(maxsize=512)
def demo_pdf(title: str, *lines: str) -> bytes:
    """A valid PDF with ``title`` and ``lines`` (the upload check accepts it by its content)."""
    from weasyprint import HTML  # imported when a PDF is needed: it loads Pango

    html = PAGE.format(
        title=escape(title),
        lines="".join(f"<p>{escape(line)}</p>" for line in lines),
        note=escape(_("Dokumen contoh (data demo Pantau KLA), bukan dokumen resmi.")),
    )
    return HTML(string=html).write_pdf()
