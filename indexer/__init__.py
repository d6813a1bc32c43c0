"""dangan's indexer: reading, cleaning, analysis, index building and search.

This package is the only one that imports whoosh or jieba; the web and the CLI use the
functions exported here.
"""
from .documents import Document, Skipped, make_doc_id
from .errors import ArchiveMissing, DanganError, DocumentNotFound, IndexMissing, QueryError
from .results import DocumentView, Hit, QueryReading, SearchResult, permalink

__all__ = [
    "ArchiveMissing",
    "DanganError",
    "Document",
    "DocumentNotFound",
    "DocumentView",
    "Hit",
    "IndexMissing",
    "QueryError",
    "QueryReading",
    "SearchResult",
    "Skipped",
    "make_doc_id",
    "permalink",
]
