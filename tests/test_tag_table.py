"""jieba's tags kept beside a build (tag_table.py): the same answers as the parsed dictionary,
and an update that uses them attributes speakers as a full build does."""
import pytest

from conftest import write_doc as write
from indexer import build_index, store, tag_table
from indexer import speaker_lexicon as lx

TAGS = {"主席": "n", "李强": "nr", "青溪镇": "ns", "发言人": "n", "表示": "v", "国务院": "nt"}


@pytest.mark.parametrize("word", [*TAGS, "不在词典里", "", "李", "主席团"])
def test_a_table_answers_as_the_dictionary(word):
    table = tag_table.TagTable.of(TAGS)
    assert table.get(word) == TAGS.get(word)
    assert table.get(word, "nr") == TAGS.get(word, "nr")
    assert (word in table) == (word in TAGS)
    if word in TAGS:
        assert table[word] == TAGS[word]
    else:
        with pytest.raises(KeyError):
            table[word]


def test_the_whole_dictionary_is_kept(tmp_path):
    tags = lx.jieba_tags()
    dictionary = lx.dictionary_path()
    tag_table.save(tmp_path, tags, dictionary)
    table = tag_table.load(tmp_path, dictionary)
    words = list(tags)[::97]
    assert [table.get(w) for w in words] == [tags[w] for w in words]


def test_a_table_of_another_dictionary_is_not_used(tmp_path):
    other = tmp_path / "dict.txt"
    other.write_text("主席 10 n\n", encoding="utf-8")
    tag_table.save(tmp_path, {"主席": "n"}, str(other))
    assert tag_table.load(tmp_path, str(other)) is not None
    other.write_text("主席 10 n\n李强 5 nr\n", encoding="utf-8")
    assert tag_table.load(tmp_path, str(other)) is None
    assert tag_table.load(tmp_path / "missing", str(other)) is None


def test_an_update_with_the_table_finds_the_speakers_a_full_build_finds(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    for i in range(6):
        write(root, f"news/{i}.txt", f"新闻{i}", f"县长王立新表示，今年将新建公厕{i}座。",
              f"发言人李明说：“青溪镇的道路{i}月完工。”")
    index = tmp_path / "index"
    build_index(root, index)
    assert (store.current_build(index) / tag_table.TAGS_FILE).is_file()
    monkeypatch.setattr(lx, "_tags_table", None)
    lx._parsed_tags.cache_clear()  # as in a new process: the dictionary not parsed yet
    write(root, "news/9.txt", "新闻9", "县长王立新表示，明年将新修道路。", "发言人李明说：“工程已经开工。”")
    assert build_index(root, index).mode == "incremental"
    assert lx._parsed_tags.cache_info().currsize == 0  # the table answered
    full = tmp_path / "full"
    build_index(root, full, full=True)
    column = lambda ix: sorted(zip(store.snapshot(ix).columns["doc_id"], store.snapshot(ix).columns["speakers"]))  # noqa: E731
    assert [c for c in column(index) if c[0]] == column(full)
    assert any(value for _, value in column(full))


def test_a_full_build_links_the_live_builds_table_unless_the_dictionary_changed(tmp_path, monkeypatch):
    root, index = tmp_path / "archive", tmp_path / "index"
    write(root, "news/1.txt", "新闻1", "县长王立新表示，今年将新建公厕。")
    build_index(root, index)
    first = (store.current_build(index) / tag_table.TAGS_FILE).stat().st_ino
    build_index(root, index, full=True)
    assert (store.current_build(index) / tag_table.TAGS_FILE).stat().st_ino == first
    monkeypatch.setattr(tag_table, "_VERSION", tag_table._VERSION + 1)  # as if jieba's dictionary changed
    build_index(root, index, full=True)
    table = store.current_build(index) / tag_table.TAGS_FILE
    assert table.stat().st_ino != first
    assert tag_table.load(table.parent, lx.dictionary_path()).get("主席") == lx.jieba_tags().get("主席")
