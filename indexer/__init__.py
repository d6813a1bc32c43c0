"""dangan's indexer: reading, cleaning, analysis, index building and search.

This package is the only one that imports whoosh or jieba; the web and the CLI use the
functions exported here.
"""
from .documents import Document, Skipped, make_doc_id
from .errors import (ArchiveMissing, DanganError, DocumentNotFound, IndexMissing, PageOutOfRange,
                     QueryError)
from .results import (DocumentSummary, DocumentView, Hit, Mention, QueryReading, SearchResult, Timeline,
                      YearCount, permalink)

__all__ = [
    "ArchiveMissing",
    "DanganError",
    "Document",
    "DocumentNotFound",
    "DocumentView",
    "Hit",
    "IndexMissing",
    "PageOutOfRange",
    "QueryError",
    "QueryReading",
    "SearchResult",
    "Timeline",
    "YearCount",
    "Mention",
    "Skipped",
    "make_doc_id",
    "permalink",
]

from .building import BuildReport, build_index, userdict_changed, write_index  # noqa: E402
from .searching import (documents, get_document, highlight, highlight_paragraphs, iter_hits,  # noqa: E402
                        search, timeline)
from .store import index_info, prepare  # noqa: E402
from .speaker_profile import SpeakerProfile, list_speakers, speaker_profile  # noqa: E402
from .speakers import SHOWN_CONFIDENCE as SPEAKER_CONFIDENCE  # noqa: E402

__all__ += ["BuildReport", "build_index", "userdict_changed", "write_index", "get_document", "highlight",
            "highlight_paragraphs", "search",
            "iter_hits", "timeline", "documents", "DocumentSummary", "index_info",
            "SpeakerProfile", "list_speakers", "speaker_profile", "SPEAKER_CONFIDENCE"]

from .citation import (Location, cite, clean_source, fingerprint, in_quotes, locate,  # noqa: E402
                       nest_quotes)
from .duplicates import duplicates_of  # noqa: E402
from .errors import ArchiveEmpty  # noqa: E402
from .query import filters_only  # noqa: E402
from .results import words_summary  # noqa: E402

__all__ += ["Location", "cite", "clean_source", "fingerprint", "in_quotes", "locate", "nest_quotes",
            "duplicates_of", "ArchiveEmpty", "words_summary", "filters_only"]

from .figure_index import find_figures  # noqa: E402

__all__ += ["find_figures"]

from .arrival import iso as iso_time, parse_time  # noqa: E402
from .following import latest  # noqa: E402

__all__ += ["latest", "iso_time", "parse_time"]

from .copies_view import paragraph_copies  # noqa: E402

__all__ += ["paragraph_copies"]
__all__ += ["prepare"]

from .watching import DEBOUNCE as WATCH_DEBOUNCE, RESCAN as WATCH_RESCAN  # noqa: E402
from .watching import Update as WatchUpdate, Watcher, watch  # noqa: E402

__all__ += ["WatchUpdate", "Watcher", "watch", "WATCH_DEBOUNCE", "WATCH_RESCAN"]
