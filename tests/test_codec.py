"""The codec's per-document reader answers field lengths as Whoosh's own does, from memory."""
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.fields import ID, TEXT, Schema

from indexer.codec import Codec


def test_lengths_from_memory_equal_whooshs_own(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), Schema(doc_id=ID(stored=True), words=TEXT()))
    writer = ix.writer(codec=Codec(), compound=False)  # as builds write them
    texts = ["aa bb cc", "", "dd " * 300, "ee ff"]
    for i, text in enumerate(texts):
        writer.add_document(doc_id=str(i), words=text)
    writer.commit()
    segment = ix._segments()[0]
    ours = Codec().per_document_reader(ix.storage, segment)
    theirs = W3PerDocReader(ix.storage, segment)
    for field in ("words", "doc_id"):  # doc_id keeps no lengths: the default
        for n in range(len(texts)):
            assert ours.doc_field_length(n, field) == theirs.doc_field_length(n, field)
    assert ours.doc_field_length(2, "words") == theirs.doc_field_length(2, "words") > 200
    with ix.searcher() as s:  # and the index reads back
        assert [h["doc_id"] for h in s.search(__import__("whoosh.query").query.Term("words", "ee"))] == ["3"]
