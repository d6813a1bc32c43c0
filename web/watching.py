"""What `dangan watch` prints: one line per update of the watched index (in Chinese)."""
from __future__ import annotations

import time

import click

import indexer

SHOWN_PATHS = 3  # files named on an update's line; the rest are counted


def _files(rels: list[str]) -> str:
    named = "、".join(rels[:SHOWN_PATHS])
    return named + (f" 等 {len(rels)} 个文件" if len(rels) > SHOWN_PATHS else "")


def update_line(update: indexer.WatchUpdate) -> str:
    """The line for one update: when, what changed, how long it took, what the index holds."""
    stamp = time.strftime("%H:%M:%S")
    if update.error is not None:
        return f"{stamp} 更新失败（{_files(update.paths) or '整个档案'}）：{_reason(update.error)}"
    report = update.report
    if report.mode == "incremental":
        what = "，".join(f"{label} {_files(rels)}" for label, rels in
                        (("新增", report.added), ("修改", report.changed), ("删除", report.deleted))
                        if rels) or "网站模板变化"
        what += f"（重新索引 {report.reindexed} 篇文档）"
    elif report.mode == "full":
        what = "完整重建" + (f"（{report.reason}）" if report.reason else "")
    else:
        what = "没有变化"
    return (f"{stamp} {what}，用时 {update.seconds:.2f} 秒；"
            f"共 {report.documents:,} 篇文档、{report.paragraphs:,} 个段落")


def _reason(exc: Exception) -> str:
    if isinstance(exc, indexer.DanganError):
        return exc.message + (f"（提示：{exc.hint}）" if exc.hint else "")
    return f"{exc.__class__.__name__}: {exc}"


def echo_update(update: indexer.WatchUpdate) -> None:
    """Print an update's line (on stderr if it failed) and the files it newly skipped."""
    if update.report is not None and not update.changed and not update.initial:
        return  # events or a rescan that changed nothing indexed (a file saved unchanged)
    click.echo(update_line(update), err=update.error is not None)
    for s in update.skipped:
        click.echo(f"  跳过 {s.path}: {s.reason}", err=True)
    if update.error is not None and isinstance(update.error, indexer.ArchiveEmpty):
        for s in update.error.skipped:
            click.echo(f"  跳过 {s.path}: {s.reason}", err=True)
