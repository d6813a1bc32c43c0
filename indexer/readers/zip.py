"""Zip archives read as folders: each member read by its own format's reader and named
`archive.zip/inner/path.docx`; GBK member names decoded; limits against zip bombs."""
from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from ..documents import Document, Skipped
from ..encoding import _mostly_common_han
from .common import ReadError, megabytes, open_regular
from .unsupported import unsupported_reason

SUFFIXES = (".zip",)
MAX_ZIP_BYTES = 1024 * 2**20  # the .zip file itself
MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 2048 * 2**20  # uncompressed, all members together
MAX_MEMBER_BYTES = 256 * 2**20  # uncompressed, one member (each reader has its own, lower limit)
MAX_DEPTH = 3  # a zip in a zip in a zip is read; one more level is not
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its creator meant it: names not flagged as UTF-8 were decoded by
    zipfile as cp437; Chinese Windows wrote them in GBK, other tools in UTF-8 without the flag."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for codec in ("utf-8", "gb18030"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or _mostly_common_han(text):
            return text
    return info.filename


def _clean_parts(name: str) -> list[str] | None:
    """The path parts of a member name, or None for a folder, a hidden file or Mac resource fork."""
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("/", ".", "..")]
    if not parts or name.endswith(("/", "\\")) or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
        return None
    return parts


def read(path: Path, rel: str, depth: int = 1) -> list[Document | Skipped]:
    """The documents of every member of a zip file, and a Skipped for each one not read."""
    from . import reader_for  # the registry imports this module

    if depth > MAX_DEPTH:
        raise ReadError(f"压缩包嵌套太深 (zip nested more than {MAX_DEPTH} deep; unpack it first)")
    with open_regular(path, MAX_ZIP_BYTES) as f:
        try:
            archive = zipfile.ZipFile(f)
        except (zipfile.BadZipFile, EOFError, ValueError) as err:
            raise ReadError(f"无法打开压缩包 (not a readable .zip: {err})；可先解压后放入档案") from None
        with archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ReadError(f"压缩包文件太多 (too many members: {len(infos)}, the limit is {MAX_MEMBERS}; "
                                "unpack it first)")
            total = sum(i.file_size for i in infos)
            if total > MAX_TOTAL_BYTES:
                raise ReadError(f"压缩包解压后太大 (too large unpacked: {megabytes(total)}, the limit is "
                                f"{MAX_TOTAL_BYTES // 2**20} MB; unpack it first)")
            members = []
            for info in infos:
                parts = _clean_parts(member_name(info))
                if parts:
                    members.append(("/".join(parts), info))
            entries: list[Document | Skipped] = []
            with tempfile.TemporaryDirectory(prefix="dangan-zip-") as tmp:
                for name, info in sorted(members, key=lambda m: m[0]):
                    entries += _member(archive, info, f"{rel}/{name}", Path(tmp), depth, reader_for)
            return entries


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, rel: str, tmp: Path, depth: int,
            reader_for) -> list[Document | Skipped]:
    suffix = PurePosixPath(rel).suffix.lower()
    reader = reader_for(suffix)
    if reader is None:
        return [Skipped(rel, unsupported_reason(suffix))]
    if info.flag_bits & _ENCRYPTED_FLAG:
        return [Skipped(rel, "压缩包成员有密码 (the member is encrypted)")]
    if info.file_size > MAX_MEMBER_BYTES:
        return [Skipped(rel, f"文件太大 (too large: {megabytes(info.file_size)}, the limit is "
                             f"{MAX_MEMBER_BYTES // 2**20} MB)")]
    target = tmp / f"member{suffix}"
    try:
        # zipfile stops at the declared size: a member cannot unpack to more than it says.
        with archive.open(info) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        if suffix in SUFFIXES:
            return read(target, rel, depth + 1)
        return list(reader(target, rel))
    except ReadError as err:
        return [Skipped(rel, err.reason)]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as err:
        return [Skipped(rel, f"无法解压 (cannot unpack: {err.__class__.__name__}: {err})")]
    except Exception as err:  # one broken member must not lose the others
        return [Skipped(rel, f"读取失败 (failed: {err.__class__.__name__}: {err})")]
    finally:
        target.unlink(missing_ok=True)
