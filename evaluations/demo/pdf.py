"""A minimal, valid one-page PDF with a few lines of text (for generated demo evidence).

Hand-written objects and a correct cross-reference table, so any PDF reader opens it and the
upload check (by content, not by name) accepts it like a scanned document.
"""

FONT_SIZE = 14
LINE_GAP = 22


def _escape(line: str) -> bytes:
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    # The standard Helvetica font speaks Latin-1; anything else is shown as "?".
    return text.encode("latin-1", errors="replace")


def minimal_pdf(lines: list[str]) -> bytes:
    stream = b"BT /F1 %d Tf 56 780 Td" % FONT_SIZE
    for number, line in enumerate(lines):
        move = b"" if number == 0 else b" 0 -%d Td" % LINE_GAP
        stream += move + b" (" + _escape(line) + b") Tj"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out
