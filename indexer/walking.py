"""The archive walk: which files a folder holds, and each file's entries, never raising."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Collection, Iterator

from .cleaning import strip_lines
from .documents import Document, Skipped
from .encoding import ReadError, _mostly_common_han
from .errors import ArchiveMissing
from .readers import SUPPORTED_SUFFIXES, read_any

RESERVED_NAMES = frozenset({"userdict.txt"})  # the jieba user dictionary, not a document
NO_TEXT = "没有正文 (no text: the file is empty or holds only blanks, markup or scripts)"


def _is_text(name: str) -> bool:
    """Whether a name read from disk is proper Unicode (not bytes smuggled in as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _readable_name(part: str) -> str:
    """A file or folder name that is not valid UTF-8, as text: GBK names (archives unpacked from
    Chinese Windows) read as such, anything else with its odd bytes written as \\xNN."""
    raw = os.fsencode(part)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_common_han(text) and "/" not in text:
        return text
    return raw.decode("utf-8", "backslashreplace")


def _readable_rel(rel: str, taken: set[str]) -> str:
    """`rel` with every part that is not valid UTF-8 made readable; unique among `taken`."""
    fixed = "/".join(p if _is_text(p) else _readable_name(p) for p in rel.split("/"))
    if fixed in taken:
        fixed = os.fsencode(rel).decode("utf-8", "backslashreplace")
    return fixed


def _links_to_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def list_archive_files(root: str | os.PathLike, supported_only: bool = True,
                       exclude: str | os.PathLike | None = None) -> list[tuple[Path, str]]:
    """The (path, archive-relative POSIX path) of every file of a supported format, in sorted
    order; of every file whatever its format if not `supported_only` (reading one that is not
    supported gives the reason).

    Hidden files and folders, the user dictionary and the folder `exclude` (the index, when
    it lies inside the archive) are left out. Symbolic links to folders are not followed (no
    loops); a name that is not valid UTF-8 gets a readable archive-relative path (see
    _readable_rel) and keeps its real path.
    """
    return [(Path(path), rel) for path, rel, _ in _walk(root, supported_only, exclude, False)]


def archive_stats(root: str | os.PathLike, exclude: str | os.PathLike | None = None
                  ) -> list[tuple[str, str, tuple[int, int] | None]]:
    """Every file as list_archive_files(supported_only=False) lists it, as (path, relative
    path, (size, mtime_ns) or None if it cannot be stat'ed): what an update compares."""
    return _walk(root, False, exclude, True)


def changed_files(root: str | os.PathLike, previous: Collection[str], paths,
                  exclude: str | os.PathLike | None = None
                  ) -> dict[str, tuple[str, tuple[int, int] | None] | None] | None:
    """What changed in the listing that gave `previous` (relative paths), given that only
    `paths` (files or folders, absolute or under `root`) may have: relative path -> (path,
    stat or None if it cannot be stat'ed) for each file there now, None for each one gone.
    None when a name cannot be trusted to match the full listing (a name that is not valid
    UTF-8): the caller lists the whole archive.
    """
    root_s = os.path.abspath(root)
    skip_dir = os.path.realpath(exclude) if exclude is not None else None
    prefix = root_s.rstrip(os.sep) + os.sep
    changes: dict[str, tuple[str, tuple[int, int] | None] | None] = {}
    for path in paths:
        path = os.path.join(root_s, os.fspath(path))  # an absolute path stays as it is
        rel = os.path.relpath(path, root_s)
        if rel == "." or rel.startswith(".." + os.sep) or rel == "..":
            continue
        rel = rel.replace(os.sep, "/")
        if not _is_text(rel):
            return None
        parts = rel.split("/")
        if any(part.startswith(".") for part in parts) or _inside(path, skip_dir):
            continue
        inside = rel + "/"
        for old in [r for r in (*previous, *changes) if r.startswith(inside)]:
            changes[old] = None  # a folder's files, listed again below if it is still there
        changes[rel] = None
        if os.path.isdir(path):
            if not os.path.islink(path) and not _inside_hidden_or_linked(root_s, parts[:-1]):
                for real, sub, st in _walk(path, False, exclude, True):
                    if not _is_text(real):  # its name was made readable: not its real one
                        return None
                    changes[inside + sub] = (prefix + inside + sub, st)
            continue
        if (not os.path.lexists(path) or parts[-1] in RESERVED_NAMES
                or _inside_hidden_or_linked(root_s, parts[:-1])):
            continue
        try:
            st = os.stat(path)
        except OSError:
            changes[rel] = (prefix + rel, None)
            continue
        changes[rel] = (prefix + rel, (st.st_size, st.st_mtime_ns))
    return changes


def _inside(path: str, folder: str | None) -> bool:
    if folder is None:
        return False
    real = os.path.realpath(path)
    return real == folder or real.startswith(folder + os.sep)


def _inside_hidden_or_linked(root: str, parts: list[str]) -> bool:
    """Whether a folder on the way from `root` is one the walk does not enter (a link)."""
    folder = root
    for part in parts:
        folder = os.path.join(folder, part)
        if os.path.islink(folder):
            return True
    return False


def _stat_of(entry: os.DirEntry) -> tuple[int, int] | None:
    try:
        st = entry.stat()  # follows a link, as reading the file does
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _walk(root, supported_only: bool, exclude, stat: bool) -> list[tuple[str, str, tuple | None]]:
    root = Path(root)
    skip_dir = os.path.realpath(exclude) if exclude is not None else None
    found: list[tuple[str, str, tuple | None]] = []
    # os.scandir and plain strings: on a large archive this listing is most of an update's time.
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue  # an unreadable folder holds nothing we can index
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                if skip_dir is None or os.path.realpath(entry.path) != skip_dir:
                    pending.append((entry.path, prefix + name + "/"))
            elif not supported_only and entry.is_symlink() and _links_to_folder(entry):
                continue  # a link to a folder is not followed, and is no file either
            elif name not in RESERVED_NAMES and (
                    not supported_only or os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES):
                found.append((entry.path, prefix + name, _stat_of(entry) if stat else None))
    if not _is_text("".join(rel for _, rel, _ in found)):  # one check: names are nearly always text
        _make_readable(found)
    found.sort(key=lambda item: item[1])
    return found


def _make_readable(found: list) -> None:
    """Each listed name that is not valid UTF-8 made readable (see _readable_rel)."""
    taken = {rel for _, rel, _ in found if _is_text(rel)}
    for i, (path, rel, st) in enumerate(found):
        if not _is_text(rel):
            fixed = _readable_rel(rel, taken)
            taken.add(fixed)
            found[i] = (path, fixed, st)


def iter_archive(root: str | os.PathLike,
                 progress: Callable[[], object] | None = None) -> Iterator[Document | Skipped]:
    """Every document of a supported file under `root`, or a Skipped for each one that cannot
    be read; never raises."""
    for path, rel in list_archive_files(root):
        yield from read_entry(path, rel)
        if progress:
            progress()


def read_entry(path: Path, rel: str) -> list[Document | Skipped]:
    """The documents of one file, or a Skipped saying why it cannot be read; never raises.

    A document without any text (an empty file, blanks, only markup) is a Skipped too, so that
    the summary names it.
    """
    try:
        entries = read_any(path, rel)
    except ReadError as err:
        return [Skipped(rel, err.reason)]
    except OSError as err:
        return [Skipped(rel, f"无法读取文件 (cannot read: {err.strerror or err})")]
    except Exception as err:  # one broken file must not stop the run (RecursionError too)
        return [Skipped(rel, f"读取失败 (failed: {err.__class__.__name__}: {err})")]
    return [Skipped(e.path, NO_TEXT) if isinstance(e, Document) and not _has_text(e) else e
            for e in entries] or [Skipped(rel, NO_TEXT)]


def _has_text(doc: Document) -> bool:
    return bool(strip_lines(doc.paragraphs))


def load_archive(root: str | os.PathLike,
                 progress: Callable[[], object] | None = None) -> tuple[list[Document], list[Skipped]]:
    """Read and clean every document under `root`: (documents, files skipped with reasons)."""
    from .cleaning import clean_documents

    if not Path(root).is_dir():
        raise ArchiveMissing(f"档案文件夹不存在：{root}",
                             hint="请给出存放 .txt、.md、.html、.docx、.jsonl、.pdf、.zip 文件的文件夹。")
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for item in iter_archive(root, progress):
        (skipped if isinstance(item, Skipped) else docs).append(item)
    return clean_documents(docs), skipped
