"""The `dangan` command: index an archive folder, search it, serve the search page."""
from __future__ import annotations

import json
import os
import sys

import click

import indexer

DEFAULT_ARCHIVE = "archive"
DEFAULT_INDEX = "dangan-index"

archive_argument = click.argument(
    "archive", required=False, default=DEFAULT_ARCHIVE,
    type=click.Path(file_okay=False, path_type=str))
index_option = click.option(
    "--index", "index_dir", envvar="DANGAN_INDEX_DIR", default=DEFAULT_INDEX, show_default=True,
    type=click.Path(file_okay=False, path_type=str),
    help="Folder of the index (safe to delete; `dangan index` rebuilds it).")


def _fail(exc: indexer.DanganError) -> click.ClickException:
    hint = f"\n提示：{exc.hint}" if exc.hint else ""
    return click.ClickException(f"{exc.message}{hint}")


STAGE_LABELS = {"read": "读取文件", "clean": "清理文档", "index": "写入索引", "merge": "合并片段",
                "publish": "发布索引"}
STAGE_UNITS = {"read": " 个", "clean": " 篇", "index": " 篇", "merge": " 步", "publish": " 步"}


class _Progress:
    """tqdm bars on stderr, one per stage of the build, each closed when the next one starts."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bars: dict = {}

    def __call__(self, stage: str, advance: int, total: int | None) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if stage == "done":
            self.close()
            return
        bar = self.bars.get(stage)
        if bar is None:
            for other in self.bars.values():
                other.close()
            bar = self.bars[stage] = tqdm(total=total, desc=STAGE_LABELS.get(stage, stage),
                                          unit=STAGE_UNITS.get(stage, ""), file=sys.stderr,
                                          dynamic_ncols=True, mininterval=0.5)
        elif total and bar.total != total:  # the estimate given at the start was refined
            bar.total = total
        bar.update(advance)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def run_index(archive: str, index_dir: str, quiet: bool = False, **options) -> indexer.BuildReport:
    """Build the index with a progress bar and print the summary (shared by index and serve)."""
    progress = _Progress(enabled=not quiet)
    try:
        report = indexer.build_index(archive, index_dir, progress=progress, **options)
    except indexer.ArchiveEmpty as exc:
        progress.close()
        _echo_skipped(exc.skipped)
        raise _fail(exc) from None
    except indexer.DanganError as exc:
        raise _fail(exc) from None
    finally:
        progress.close()
    if report.mode == "unchanged":
        click.echo(f"档案没有变化，索引无需更新（{report.documents} 篇文档、"
                   f"{report.paragraphs} 个段落）→ {index_dir}")
    else:
        click.echo(f"已索引 {report.documents} 篇文档、{report.paragraphs} 个段落"
                   f"（{report.characters:,} 字），用时 {report.seconds:.1f} 秒 → {index_dir}")
    if report.reason:
        click.echo(report.reason)
    if report.mode == "incremental":
        click.echo(f"增量更新：新增 {len(report.added)}、修改 {len(report.changed)}、"
                   f"删除 {len(report.deleted)} 个文件，重新索引 {report.reindexed} 篇文档")
    if report.listings:
        click.echo(f"其中 {report.listings} 篇是列表页或目录（节目单、索引页），默认不出现在结果里，"
                   "用 kind:listing 查找")
    if report.duplicates:
        click.echo(f"{len(report.duplicates)} 个文件与另一个文件内容相同，只索引一次：")
        for copy, kept in report.duplicates:
            click.echo(f"  {copy} = {kept}")
    _echo_skipped(report.skipped)
    return report


def _echo_skipped(skipped: list) -> None:
    if skipped:
        click.echo(f"跳过 {len(skipped)} 个文件：", err=True)
        for s in skipped:
            click.echo(f"  {s.path}: {s.reason}", err=True)


@click.group()
@click.version_option(package_name="dangan")
def cli() -> None:
    """档案 dangan: search Chinese reports and local news paragraph by paragraph."""


@cli.command("index")
@archive_argument
@index_option
@click.option("--segmenter", type=click.Choice(["rjieba", "jieba"]), default="rjieba",
              show_default=True, help="Word segmenter (queries use the one the index was built with).")
@click.option("--procs", type=click.IntRange(1, 64), default=None,
              help="Processes for writing the index (default: up to 2).")
@click.option("--full", is_flag=True,
              help="Rebuild from scratch instead of updating only added, changed and deleted files.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def index_command(archive: str, index_dir: str, segmenter: str, procs: int | None, full: bool,
                  quiet: bool) -> None:
    """Index every document under ARCHIVE (default: archive/); later runs update what changed."""
    run_index(archive, index_dir, quiet=quiet, segmenter=segmenter, procs=procs, full=full)


@cli.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("query")
@index_option
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON answer.")
def search_command(query: str, index_dir: str, page: int, per_page: int, sort: str,
                   as_json: bool) -> None:
    """Search the index: words, "quoted phrase", OR, -exclude, year:2022, place:…, source:…"""
    try:
        result = indexer.search(index_dir, query, page=page, per_page=per_page, sort=sort)
    except indexer.DanganError as exc:
        raise _fail(exc) from None
    if as_json:
        click.echo(json.dumps(result.to_api(), ensure_ascii=False, indent=2))
        return
    click.echo(f"找到 {result.total} 个段落（第 {result.page}/{result.pages} 页）")
    if result.words_summary():
        click.echo(result.words_summary() + f"；只查完整出现的：dangan search '{result.reading.exact_query}'")
    if result.notice:
        click.echo(result.notice)
    for suggestion in result.suggestions:
        click.echo(f"可以试试：dangan search '{suggestion.query}'（{suggestion.reason}）")
    for hit in result.hits:
        meta = " · ".join(x for x in (hit.date, hit.place) if x)
        words_only = "  （只含其中的词）" if hit.match == "words" else ""
        click.echo()
        click.secho(f"{hit.title}  [{meta}]  ¶{hit.paragraph}{words_only}", bold=True)
        click.echo(_terminal_highlight(hit.highlight))
        click.secho(f"  {hit.path}  {hit.url}", dim=True)


def _terminal_highlight(html_text: str) -> str:
    import html

    on, off = ("\x1b[1;33m", "\x1b[0m") if sys.stdout.isatty() else ("【", "】")
    return html.unescape(html_text.replace("<mark>", on).replace("</mark>", off))


@cli.command("serve")
@archive_argument
@index_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Worker threads of the WSGI server (requests beyond wait in a queue).")
def serve_command(archive: str, index_dir: str, host: str, port: int, threads: int) -> None:
    """Serve the search page (builds the index first if there is none)."""
    from waitress import serve

    from web import create_app

    try:
        indexer.index_info(index_dir)
    except indexer.IndexMissing:
        click.echo(f"还没有索引，先为 {archive} 建立索引……")
        run_index(archive, index_dir)
    else:
        if os.path.isdir(archive) and indexer.userdict_changed(archive, index_dir):
            click.secho("注意：用户词典 userdict.txt 已变化，索引仍按旧词典分词；"
                        "运行 dangan index 重建索引。", fg="yellow", err=True)
    app = create_app({"INDEX_DIR": os.path.abspath(index_dir),
                      "ARCHIVE_DIR": os.path.abspath(archive)})
    click.echo(f"dangan 正在 http://{host}:{port}/ 提供搜索（Ctrl+C 退出）")
    serve(app, host=host, port=port, threads=threads, channel_timeout=60,
          connection_limit=256, ident="dangan")


def main() -> None:
    cli(prog_name="dangan")


if __name__ == "__main__":
    main()
