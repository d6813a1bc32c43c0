"""Whoosh's W3 codec, with each segment's field lengths read once instead of once per posting,
and stored fields deflated in blocks of documents (stored_blocks.py).

Writing a segment's postings asks for the field length of every posting's document: Whoosh
looks the length up in its column file, or for a field without lengths (doc_id) checks with
a stat() that the column file is absent, each time. This codec answers from memory.
Whoosh pickles the codec into the index, so the class must stay importable as
`indexer.codec.Codec`.
"""
from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, W3PerDocWriter, _lenfield
from whoosh.util.numeric import byte_to_length

from .stored_blocks import BlockStoredColumn

STORED = BlockStoredColumn()


class _PerDocReader(W3PerDocReader):
    """Field lengths from memory; stored fields from the block column."""

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

    def stored_fields(self, docnum):
        return self.stored_column()[docnum] or {}

    def stored_column(self):
        """The segment's stored fields, a row (dict, or None) per document number."""
        return self._cached_reader("_stored", STORED)


class _BlockStored(W3PerDocWriter):
    def _create_column(self, fieldname, column):
        super()._create_column(fieldname, STORED if fieldname == "_stored" else column)


class Codec(W3Codec):
    """W3Codec whose per-document reader keeps each field's lengths in memory, and whose stored
    fields are deflated in blocks."""

    def per_document_writer(self, storage, segment):
        return _BlockStored(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return _PerDocReader(storage, segment)


def stored_columns(ix) -> tuple[list[int], list]:
    """Each segment's first document number and stored-fields column, in the index's order."""
    starts, columns, start = [], [], 0
    for segment in ix._segments():
        starts.append(start)
        columns.append(segment.codec().per_document_reader(ix.storage, segment).stored_column())
        start += segment.doc_count_all()
    return starts, columns
