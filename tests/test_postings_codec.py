"""The compact postings tables (postings_codec.py): what goes in comes out, however it was made."""
import numpy as np
import pytest

from indexer import postings_codec as codec

WIDE = codec.WIDE


def flat(lists: dict[int, list]) -> tuple:
    """(keys, starts, docs, counts) of {key: [doc or (doc, count), ...]}."""
    keys = sorted(lists)
    pairs = [[p if isinstance(p, tuple) else (p, 1) for p in lists[k]] for k in keys]
    docs = [d for ps in pairs for d, _ in ps]
    counts = [c for ps in pairs for _, c in ps]
    return (np.asarray(keys, dtype=np.int64), np.r_[0, np.cumsum([len(p) for p in pairs])].astype(np.int64),
            np.asarray(docs, dtype=np.uint32), np.asarray(counts, dtype=np.uint8))


CASES = {
    "empty": ({}, 0),
    "one document": ({7: [0]}, 0),
    "one document beyond 2**22": ({7: [(1 << 22) + 5]}, 0),
    "gap of exactly 65535": ({1: [3, 3 + 65535]}, 0),
    "gap of 65536": ({1: [3, 3 + 65536]}, 1),
    "beyond 2**16, small gaps": ({2: [70000, 70001, 135000]}, 0),
    "beyond 2**22, a large gap": ({2: [5, (1 << 22) + 1, (1 << 22) + 9]}, 1),
    "a last document at 2**31": ({3: [WIDE - 1, WIDE]}, 1),
    "the largest document": ({3: [0xFFFFFFFF]}, 1),
    "counts of 255": ({4: [(0, 255), (1, 1), (9, 2)], 5: [(9, 255)]}, 0),
    "narrow and wide mixed": ({1: [0, 1, 2], 2: [(10, 3), (100000, 4)], 3: [5, 65541], 4: [(8, 2)]}, 2),
}


@pytest.mark.parametrize("name", CASES)
def test_a_table_gives_back_its_postings(name, tmp_path):
    lists, wide = CASES[name]
    table = codec.encode(*flat(lists))
    assert int(np.count_nonzero(table.lasts & np.uint32(WIDE))) == wide
    assert len(table.gaps) == sum(map(len, lists.values()))  # one 16-bit slot a posting
    codec.save(tmp_path, "t.", table)
    for t in (table, codec.load(tmp_path, "t.")):
        for got, want in zip(t.decoded(), flat(lists)):
            assert got.tolist() == want.tolist()
        for i, key in enumerate(sorted(lists)):
            assert t.find(key) == i
            docs, counts = flat({key: lists[key]})[2:]
            assert t.docs(i).dtype == np.uint32 and t.docs(i).tolist() == docs.tolist()
            assert t.counts(i).dtype == np.uint8 and t.counts(i).tolist() == counts.tolist()
        assert t.last_docs().tolist() == [max(d if isinstance(d, int) else d[0] for d in lists[k]) for k in sorted(lists)]
        assert t.find(123456) == -1


def test_saved_tables_are_memory_mapped(tmp_path):
    codec.save(tmp_path, "t.", codec.encode(*flat(CASES["narrow and wide mixed"][0])))
    table = codec.load(tmp_path, "t.")
    assert all(isinstance(a.base, np.memmap) and not a.flags.writeable for a in table)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(codec.files("t."))


@pytest.mark.parametrize("which", [[], [0], [1, 3], [0, 1, 2, 3]])
def test_some_lists_decode_alone(which):
    lists = CASES["narrow and wide mixed"][0]
    keys = sorted(lists)
    got = codec.encode(*flat(lists)).decoded(np.asarray(which, dtype=np.int64))
    for a, b in zip(got, flat({keys[i]: lists[keys[i]] for i in which})):
        assert a.tolist() == b.tolist()


OLD = {1: [0, 1, 2], 2: [(10, 3), (100000, 4)], 3: [5, 65540], 5: [(8, 2)], 9: [1, 2, 3]}


@pytest.mark.parametrize("dropped, given", [
    ([], {}),  # nothing changes
    ([2], {}),  # a list removed
    ([], {4: [(7, 9)]}),  # a new key between two
    ([], {0: [1], 10: [(4, 255)]}),  # new keys first and last
    ([1], {1: [0, 2, 70000]}),  # a narrow list becomes wide
    ([3], {3: [5, 6]}),  # a wide list becomes narrow
    ([1, 2, 3, 5, 9], {}),  # every list removed
    ([1, 2, 3, 5, 9], {6: [(1, 2)]}),  # every list replaced by another
    ([], {2: [(10, 3), (100000, 4), (100001, 2)]}),  # a key given without being dropped first
])
def test_replacing_lists_gives_the_table_encode_gives(dropped, given):
    old = codec.encode(*flat(OLD))
    new = {k: v for k, v in OLD.items() if k not in dropped and k not in given} | given
    got = codec.replaced(old, np.asarray(dropped, dtype=np.int64), *flat(given))
    for a, b in zip(got, codec.encode(*flat(new))):
        assert a.dtype == b.dtype and a.tolist() == b.tolist()


def test_replacing_from_an_empty_table():
    got = codec.replaced(codec.empty(), np.zeros(0, np.int64), *flat({3: [1, 2]}))
    assert [a.tolist() for a in got] == [a.tolist() for a in codec.encode(*flat({3: [1, 2]}))]


def test_random_tables_replace_as_they_encode():
    rng = np.random.default_rng(7)
    for _ in range(20):
        def random_lists(keys):
            out = {}
            for k in keys:
                scale = int(rng.choice([3, 300, 30000, 3_000_000]))
                docs = np.unique(rng.integers(0, scale, int(rng.integers(1, 40))))
                out[int(k)] = [(int(d), int(c)) for d, c in zip(docs, rng.choice([1, 1, 1, 2, 255], len(docs)))]
            return out
        old = random_lists(rng.choice(200, 60, replace=False))
        dropped = rng.choice(sorted(old), 10, replace=False)
        given = random_lists(rng.choice(200, 15, replace=False))
        new = {k: v for k, v in old.items() if k not in set(dropped.tolist()) | set(given)} | given
        got = codec.replaced(codec.encode(*flat(old)), np.sort(dropped), *flat(given))
        for a, b in zip(got, codec.encode(*flat(new))):
            assert a.tolist() == b.tolist()
