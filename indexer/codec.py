"""Whoosh's W3 codec, with each segment's field lengths read once instead of once per posting.

Writing a segment's postings asks for the field length of every posting's document: Whoosh
looks the length up in its column file, or for a field without lengths (doc_id) checks with
a stat() that the column file is absent, each time. This codec answers from memory.
Whoosh pickles the codec into the index, so the class must stay importable as
`indexer.codec.Codec`.
"""
from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, _lenfield
from whoosh.util.numeric import byte_to_length


class _Lengths(W3PerDocReader):
    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._lengths: dict[str, list | None] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._lengths.get(fieldname, False)
        if lengths is False:
            lenfield = _lenfield(fieldname)
            reader = self._cached_reader(lenfield, LENGTHS_COLUMN) if self.has_column(lenfield) else None
            lengths = self._lengths[fieldname] = None if reader is None else list(reader)
        if lengths is None:
            return default
        lbyte = lengths[docnum]
        return byte_to_length(lbyte) if lbyte else None  # as W3PerDocReader answers


class Codec(W3Codec):
    """W3Codec whose per-document reader keeps each field's lengths in memory."""

    def per_document_reader(self, storage, segment):
        return _Lengths(storage, segment)
