"""Stop a too-big evidence upload while it streams in, not after the body is read in full.

Installed first by the evidence views (``views/evidence.py``) before anything reads the body.
A declared Content-Length beyond the limit is refused before one byte of the body is read; a
body without one (or lying about it) is counted chunk by chunk and the upload stops as soon as
the file passes EVIDENCE_MAX_BYTES (``StopUpload(connection_reset=True)``: the rest of the
body is never read). Either way ``request.upload_too_big`` tells the view, which answers with
the size message and stores nothing.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

# The form fields beside the file (title, requirement, CSRF token) and the multipart framing.
ENVELOPE_BYTES = 64 * 1024


class EvidenceSizeLimit(FileUploadHandler):
    """Counts the file bytes of one request against EVIDENCE_MAX_BYTES."""

    check_declared_length = True  # tests turn it off to exercise the streaming count

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        request.upload_too_big = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        limit = settings.EVIDENCE_MAX_BYTES + ENVELOPE_BYTES
        if self.check_declared_length and content_length > limit:
            self.request.upload_too_big = True
            return QueryDict(mutable=True), MultiValueDict()  # the body is not read at all
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.EVIDENCE_MAX_BYTES:
            self.request.upload_too_big = True
            raise StopUpload(connection_reset=True)
        return raw_data  # the next handlers (memory, temporary file) store it

    def file_complete(self, file_size):
        return None


def install(request) -> None:
    """Put the size limit before Django's own handlers (call before reading the body)."""
    request.upload_handlers.insert(0, EvidenceSizeLimit(request))
