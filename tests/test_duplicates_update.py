"""changed_copies looks only at the text keys an update touched: the same answer as comparing
every document's twins before and after."""
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.duplicates import changed_copies, kept_copies


def everywhere(old, new, fresh, gone):
    """changed_copies' answer from every document (the definition, without the shortcut)."""
    was, now = kept_copies(old), kept_copies(new)
    promoted = {p for p, k in now.items() if k == p and p not in fresh and was.get(p) != p}
    demoted = {p for p, k in was.items() if k == p and p not in gone and now.get(p) != p}
    return promoted, demoted


paths = st.sampled_from([f"d/{i}.txt" for i in range(12)])
keys = st.sampled_from("abcd")


@settings(max_examples=300, deadline=None)
@given(old=st.dictionaries(paths, keys), changes=st.dictionaries(paths, st.none() | keys))
def test_changed_copies_is_the_comparison_of_every_document(old, changes):
    # An update's keys: those of re-read documents (`fresh`) set, those of removed ones dropped;
    # everything it re-read or removed was `gone` from the live build first.
    new = {p: k for p, k in old.items() if p not in changes}
    new.update((p, k) for p, k in changes.items() if k is not None)
    fresh = {p for p, k in changes.items() if k is not None}
    gone = {p for p in changes if p in old}
    assert changed_copies(old, new, fresh, gone) == everywhere(old, new, fresh, gone)
    assert changed_copies(old, new, fresh, gone, kept_copies(new)) == everywhere(old, new, fresh, gone)
