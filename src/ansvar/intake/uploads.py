"""An uploaded organisation file between its preview and the confirmation that founds it.

The page never trusts a plan the browser sends back: the file itself waits on the server,
in ``ANSVAR_IMPORT_DIR`` (0700, each file 0600), under a random name that only the
uploader's session knows, and the confirmation reads it again through the same ``read`` and
``check`` as the preview, after checking that its SHA-256 is still the one previewed. A
file waits at most ``KEEP_SECONDS``; every upload clears away those older than that.
"""

import hashlib
import io
import os
import re
import secrets
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ansvar.intake.reading import Unreadable

MAX_BYTES = 10 * 2**20  # what the page takes; a firm's workbook is a few hundred kB
KEEP_SECONDS = 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Upload:
    """The file as the reader gets it: a name (its suffix says how to read it) and bytes."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def too_large(size: int) -> Unreadable:
    limit = MAX_BYTES // 2**20
    return Unreadable(
        f"Filen är för stor ({size / 2**20:.1f} MB); högst {limit} MB tas emot. Inget har "
        "lästs eller skrivits.",
        f"The file is too large ({size / 2**20:.1f} MB); at most {limit} MB is taken. Nothing "
        "was read or written.",
    )


def bundle(files: list[tuple[str, bytes]]) -> Upload:
    """One uploaded file as it is; several CSV files (one per sheet, as Excel saves them)
    packed into a ZIP of CSV files, which the reader reads as it reads a folder of them."""
    if not files:
        raise Unreadable("Välj en fil att importera.", "Choose a file to import.")
    total = sum(len(data) for _, data in files)
    if total > MAX_BYTES:
        raise too_large(total)
    if len(files) == 1:
        name, data = files[0]
        return Upload(Path(name).name or "fil", data)
    not_csv = [Path(name).name for name, _ in files if Path(name).suffix.lower() != ".csv"]
    if not_csv:
        raise Unreadable(
            f"Flera filer på en gång går bara som CSV-filer, en per blad; {not_csv[0]} är "
            "ingen CSV-fil.",
            f"Several files at once must all be CSV files, one per sheet; {not_csv[0]} is not "
            "a CSV file.",
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files):
            archive.writestr(Path(name).name, data)
    return Upload("csv-filer.zip", buffer.getvalue())


def _directory(root: Path) -> Path:
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def prune(root: Path, now: float | None = None) -> None:
    """Remove the files that have waited longer than ``KEEP_SECONDS``."""
    if not root.is_dir():
        return
    limit = (time.time() if now is None else now) - KEEP_SECONDS
    for path in root.iterdir():
        if TOKEN.match(path.name) and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def keep(root: Path, upload: Upload) -> str:
    """Keep ``upload`` for the confirmation; its random token names it."""
    directory = _directory(root)
    prune(directory)
    token = secrets.token_urlsafe(32)
    path = directory / token
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(upload.data)
    return token


def load(root: Path, token: str, name: str, sha256: str) -> Upload | None:
    """The kept file, if it is still there and still the one previewed (same SHA-256)."""
    if not TOKEN.match(token):
        return None
    path = root / token
    try:
        if path.stat().st_mtime < time.time() - KEEP_SECONDS:
            return None
        upload = Upload(name, path.read_bytes())
    except OSError:
        return None
    return upload if secrets.compare_digest(upload.sha256, sha256) else None


def discard(root: Path, token: str) -> None:
    if TOKEN.match(token):
        (root / token).unlink(missing_ok=True)
