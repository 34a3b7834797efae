"""Checks on an uploaded evidence file, before anything is stored (docs/uploads.md).

``checks``: type by content, size, name, checksum, then ``contents``: what is inside (OOXML
opened as ZIP, PDFs without JavaScript or launch actions, images decoded). ``handler``: the
upload handler that stops a too-big body while it streams in.
"""

from .checks import (
    ALLOWED_TYPES,
    EMPTY_FILE,
    INLINE_TYPES,
    CheckedFile,
    check_upload,
    max_megabytes,
    safe_name,
)

__all__ = [
    "ALLOWED_TYPES",
    "EMPTY_FILE",
    "INLINE_TYPES",
    "CheckedFile",
    "check_upload",
    "max_megabytes",
    "safe_name",
]
