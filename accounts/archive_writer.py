"""Writing the data archive as it is sent: JSON and CSV made piece by piece, zipped into a buffer emptied as it goes."""

import csv
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime

from django.utils import translation

from quiz.teaching.exports import safe_cell

FLUSH_BYTES = 64 * 1024  # compressed bytes gathered before they are handed to the response


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def json_document(fields: dict) -> Iterator[str]:
    """A JSON object written piece by piece: values that are iterators become arrays streamed entry by entry."""
    yield "{"
    for index, (key, value) in enumerate(fields.items()):
        yield ("," if index else "") + f"\n  {json.dumps(key)}: "
        if isinstance(value, Iterator):
            yield "["
            for position, entry in enumerate(value):
                yield ("," if position else "") + "\n    " + json.dumps(entry, ensure_ascii=False)
            yield "\n  ]"
        else:
            yield json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    yield "\n}\n"


class _Line:
    """A file-like object whose write returns the line, so csv.writer hands back each row as text."""

    def write(self, value: str) -> str:
        return value


def csv_text(columns: list[tuple[str, str]], rows: Iterable[dict]) -> Iterator[str]:
    """A CSV file: a byte-order mark (spreadsheets then read UTF-8), the header, one line per row."""
    writer = csv.writer(_Line())
    names = [name for name, _ in columns]
    yield "\ufeff" + writer.writerow(names)
    for row in rows:
        cells = [_yes_no(row[name]) if isinstance(row[name], bool) else row[name] for name in names]
        yield writer.writerow([safe_cell(cell) for cell in cells])


class _Buffer:
    """Where the zip archive writes: a write-only, unseekable file whose contents are taken out and sent.

    Without `tell` or `seek`, zipfile writes each member's sizes after its data (a data descriptor),
    as it must on any stream.
    """

    def __init__(self):
        self._data = bytearray()

    def write(self, data) -> int:
        self._data += data
        return len(data)

    def flush(self) -> None:
        pass

    def __len__(self) -> int:
        return len(self._data)

    def take(self) -> bytes:
        data = bytes(self._data)
        self._data.clear()
        return data


def zip_stream(members: Iterable[tuple[str, Callable[[], Iterable[str]]]], *, now: datetime) -> Iterator[bytes]:
    """The archive of `members` (name, text maker) as bytes: each member's text is made only when it is written."""
    buffer = _Buffer()
    stamp = now.astimezone(UTC).timetuple()[:6]
    with zipfile.ZipFile(buffer, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16  # readable by its owner only, as zipfile's own writestr does
            with archive.open(info, mode="w", force_zip64=True) as member:
                for piece in text():
                    member.write(piece.encode("utf-8"))
                    if len(buffer) >= FLUSH_BYTES:
                        yield buffer.take()
            yield buffer.take()
    yield buffer.take()  # the central directory, written on closing


def written_in(language: str | None, text: Callable[[], Iterable[str]]) -> Callable[[], Iterator[str]]:
    """`text`, each of its pieces made with `language` active (None: untranslated, as the data files are).

    The archive is written while the response streams, after the view has returned, so nothing can rely on
    the request's language still being active then; and the language is never left active between pieces.
    """

    def written() -> Iterator[str]:
        pieces = None
        while True:
            with translation.override(language):
                if pieces is None:  # made here too: a text maker may do its work as soon as it is called
                    pieces = iter(text())
                piece = next(pieces, None)
            if piece is None:
                return
            yield piece

    return written
