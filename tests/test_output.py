"""Generated files are rewritten only when their bytes change, also when written in pieces."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator.engine.files import write_pieces_if_changed

_pieces = st.lists(st.binary(max_size=40), max_size=8)


@given(old=st.one_of(st.none(), st.binary(max_size=200)), pieces=_pieces, same=st.booleans())
def test_pieces_are_written_only_when_their_bytes_differ(old, pieces, same):
    new = b"".join(pieces)
    if same:
        old = new
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "du-lieu" / "han.csv"
        if old is not None:
            path.parent.mkdir()
            path.write_bytes(old)
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))
        written = write_pieces_if_changed(path, lambda: iter(pieces))
        assert path.read_bytes() == new
        assert written == (old != new)
        if not written:
            assert path.stat().st_mtime_ns == 1_000_000_000  # left alone: MkDocs' dirty build and rsync skip it


def test_an_old_file_that_only_begins_with_the_pieces_is_rewritten(tmp_path):
    path = tmp_path / "ke-hoach.json"
    path.write_bytes(b'{"plans": []}\n{"plans": []}\n')
    assert write_pieces_if_changed(path, lambda: iter([b'{"plans": ', b"[]}\n"]))
    assert path.read_bytes() == b'{"plans": []}\n'
