"""The `dangan` command: index an archive folder, search it, serve the search page (in Chinese)."""
from __future__ import annotations

import json
import os
import sys

import click

import indexer

from .limits import DEFAULT_PER_PAGE, MAX_PER_PAGE
from .clickzh import ChineseGroup

DEFAULT_ARCHIVE = "archive"
DEFAULT_INDEX = "dangan-index"

DEFAULT_BASE_URL = "http://127.0.0.1:5000"

index_option = click.option(
    "--index", "index_dir", envvar="DANGAN_INDEX_DIR", default=DEFAULT_INDEX, show_default=True,
    metavar="DIR", type=click.Path(file_okay=False, path_type=str),
    help="索引所在的文件夹（可随时删除，dangan index 会重建；也可用环境变量 DANGAN_INDEX_DIR）。")


def _fail(exc: indexer.DanganError) -> click.ClickException:
    hint = f"\n提示：{exc.hint}" if exc.hint else ""
    return click.ClickException(f"{exc.message}{hint}")


STAGE_LABELS = {"read": "读取文件", "clean": "清理文档", "index": "写入索引", "merge": "合并片段",
                "publish": "发布索引"}
STAGE_UNITS = {"read": " 个", "clean": " 篇", "index": " 篇", "merge": " 步", "publish": " 步"}


def _archive_missing(folder: str) -> click.ClickException:
    return _fail(indexer.ArchiveMissing(
        f"档案文件夹不存在：{folder}",
        hint="请给出存放 .txt、.md、.html、.docx、.jsonl、.pdf、.zip 文件的文件夹，例如 dangan serve archive。"))


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


@click.group("dangan", cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dangan", help="显示版本并退出。",
                      message="%(prog)s 版本 %(version)s")
def cli() -> None:
    """档案 dangan：逐段搜索中文报告与地方新闻。

    \b
    dangan index [ARCHIVE]     为档案文件夹建立或更新索引
    dangan search 查询词        在终端里搜索
    dangan serve [ARCHIVE]     提供搜索网页与 JSON API
    dangan watch [ARCHIVE]     监视档案文件夹，有改动即更新索引
    """


@cli.command("index")
@click.argument("archive", required=False, metavar="[ARCHIVE]",
                type=click.Path(file_okay=False, path_type=str))
@index_option
@click.option("--segmenter", type=click.Choice(["rjieba", "jieba"]), default="rjieba",
              show_default=True, help="分词器（查询总是用建索引时的分词器）。")
@click.option("--procs", type=click.IntRange(1, 64), default=None, metavar="N",
              help="写索引的进程数（默认最多 2 个）。")
@click.option("--full", is_flag=True, help="从头完整重建，而不是只更新新增、修改和删除的文件。")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度条。")
def index_command(archive: str | None, index_dir: str, segmenter: str, procs: int | None,
                  full: bool, quiet: bool) -> None:
    """为 ARCHIVE 下的每份文档建立索引；再次运行时只更新有变化的文件。

    不给 ARCHIVE 时更新现有索引所属的文件夹（没有索引时为 archive/ 建立）。
    """
    if archive is None:
        archive = indexed_folder(index_dir) or DEFAULT_ARCHIVE
    run_index(archive, index_dir, quiet=quiet, segmenter=segmenter, procs=procs, full=full)


def indexed_folder(index_dir: str) -> str:
    """The archive folder the index at `index_dir` was built from, if it still exists; else ''."""
    try:
        folder = indexer.index_info(index_dir).get("archive", "")
    except indexer.IndexMissing:
        return ""
    return folder if folder and os.path.isdir(folder) else ""


@cli.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("query")
@index_option
@click.option("--page", type=click.IntRange(1), default=1, show_default=True, metavar="N",
              help="第几页结果。")
@click.option("--per-page", type=click.IntRange(1, MAX_PER_PAGE), default=DEFAULT_PER_PAGE,
              show_default=True, metavar="N", help=f"每页条数（1 到 {MAX_PER_PAGE}，与 API 相同）。")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
              show_default=True, help="排序：相关度、最新、最早。")
@click.option("--json", "as_json", is_flag=True,
              help="输出与 /api/search 完全相同的 JSON；出错时输出 API 的 JSON 错误。")
@click.option("--base-url", envvar="DANGAN_BASE_URL", default=DEFAULT_BASE_URL, show_default=True,
              metavar="URL", help="链接和引用所用的网站地址（dangan serve 提供搜索的地址）。")
def search_command(query: str, index_dir: str, page: int, per_page: int, sort: str,
                   as_json: bool, base_url: str) -> None:
    """搜索索引：词语、"完整短语"、OR、-排除、year:2022、place:…、source:…、date:…"""
    from web import DEFAULT_HINTS, create_app, error_status
    from web.api import error_body, search_answer

    app = create_app({"INDEX_DIR": os.path.abspath(index_dir)})
    try:
        with app.test_request_context("/api/search", base_url=base_url):
            body = search_answer(app.config["INDEX_DIR"], query, page=page, per_page=per_page,
                                 sort=sort)
    except indexer.DanganError as exc:
        if not as_json:
            raise _fail(exc) from None
        status = error_status(exc)
        click.echo(_json(error_body(status, exc.message, exc.hint or DEFAULT_HINTS.get(status, ""),
                                    exc.code)))
        sys.exit(1)
    if as_json:
        click.echo(_json(body))
        return
    click.echo(f"找到 {body['total']} 个段落（第 {body['page']}/{body['pages']} 页）")
    summary = indexer.words_summary(body)
    if summary and body["total"] > body["exact_total"]:  # else the whole string's list is this one
        summary += f"；只查完整出现的：dangan search '{body['reading']['exact_query']}'"
    if summary:
        click.echo(summary)
    if body.get("notice"):
        click.echo(body["notice"])
    for suggestion in body.get("suggestions", []):
        click.echo(f"可以试试：dangan search '{suggestion['query']}'（{suggestion['reason']}）")
    for hit in body["hits"]:
        meta = " · ".join(x for x in (hit["date"], hit["place"], f"第 {hit['paragraph_number']} 段")
                          if x)
        click.echo()
        words_only = "  （只含其中的词）" if hit.get("match") == "words" else ""
        click.secho(f"{hit['title'] or hit['path']}  {meta}{words_only}", bold=True)
        click.echo(_terminal_highlight(hit["highlight"]))
        click.secho(f"  {hit['path']}  {hit['citation']['url']}", dim=True)
    if body["near"]:
        click.echo()
        click.secho(f"另有 {body['near_total']} 处近似表述：" if body["total"]
                    else "没有完全一致的段落，最接近的是：", bold=True)
    for hit in body["near"]:
        click.echo(f"\n{hit['title'] or hit['path']}  {hit['date']} · 第 {hit['paragraph_number']} 段"
                   f" · 相似度 {hit['similarity']:.0%}")
        click.echo("  " + "".join(t if op == "=" else f"[{op}{t}]" for op, t in hit["diff"]))
        click.secho(f"  {hit['path']}  {hit['citation']['url']}", dim=True)


def _json(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False, indent=2)


def _terminal_highlight(html_text: str) -> str:
    import html

    on, off = ("\x1b[1;33m", "\x1b[0m") if sys.stdout.isatty() else ("【", "】")
    return html.unescape(html_text.replace("<mark>", on).replace("</mark>", off))


def _same_folder(a: str, b: str) -> bool:
    return bool(a) and os.path.realpath(a) == os.path.realpath(b)


@cli.command("serve")
@click.argument("archive", required=False, metavar="[ARCHIVE]",
                type=click.Path(file_okay=False, path_type=str))
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址。")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True,
              metavar="N", help="监听的端口。")
@click.option("--workers", type=click.IntRange(1, 64), default=None, metavar="N",
              help="工作进程数（默认每个 CPU 核一个；1 表示只用一个进程）。")
@click.option("--threads", type=click.IntRange(1, 64), default=None, metavar="N",
              help="改用单进程多线程的 waitress 服务器，N 个工作线程（Windows 上总是如此，默认 8）。")
def serve_command(archive: str | None, index_dir: str, host: str, port: int, workers: int | None,
                  threads: int | None) -> None:
    """提供搜索网页和 JSON API。

    给出 ARCHIVE 时提供这个文件夹的搜索：还没有索引，或索引属于另一个文件夹时，先为它建立索引。
    不给 ARCHIVE 时提供现有索引的搜索（没有索引时为 archive/ 建立）。
    """
    from web import create_app, serving

    folder = archive or DEFAULT_ARCHIVE
    if archive is not None and not os.path.isdir(archive):
        raise _archive_missing(archive)
    try:
        served = indexer.index_info(index_dir).get("archive", "")
    except indexer.IndexMissing:
        if not os.path.isdir(folder):
            raise _archive_missing(folder) from None
        click.echo(f"还没有索引，先为 {folder} 建立索引……")
        run_index(folder, index_dir)
        served = os.path.realpath(folder)
    else:
        if archive is not None and not _same_folder(served, archive):
            click.secho(f"注意：索引 {index_dir} 属于另一个文件夹（{served or '未知'}），"
                        f"现在为 {archive} 重建索引……", fg="yellow", err=True)
            run_index(archive, index_dir)
            served = os.path.realpath(archive)
        elif os.path.isdir(served) and indexer.userdict_changed(served, index_dir):
            click.secho("注意：用户词典 userdict.txt 已变化，索引仍按旧词典分词；"
                        "运行 dangan index 重建索引。", fg="yellow", err=True)
    info = indexer.index_info(index_dir)
    app = create_app({"INDEX_DIR": os.path.abspath(index_dir), "ARCHIVE_DIR": served})
    server = serving.server_for(workers, threads)
    how = f"{server[1]} 个工作进程" if server[0] == "gunicorn" else f"{server[1]} 个线程"
    click.echo(f"dangan 正在 http://{host}:{port}/ 提供 {served} 的搜索"
               f"（{info['documents']} 篇文档；{how}；Ctrl+C 退出）")
    sys.stdout.flush()
    serving.serve(app, host, port, server)


@cli.command("watch")
@click.argument("archive", required=False, metavar="[ARCHIVE]",
                type=click.Path(file_okay=False, path_type=str))
@index_option
@click.option("--debounce", type=click.FloatRange(0), default=indexer.WATCH_DEBOUNCE,
              show_default=True, metavar="SECONDS", help="最后一次改动之后等这么久再更新（一次保存有好几个事件）。")
@click.option("--rescan", type=click.FloatRange(1), default=indexer.WATCH_RESCAN,
              show_default=True, metavar="SECONDS", help="每隔这么久完整检查一遍档案，以防漏掉事件。")
def watch_command(archive: str | None, index_dir: str, debounce: float, rescan: float) -> None:
    """监视 ARCHIVE：文件新增、修改或删除后随即更新索引（Ctrl+C 退出）。

    与 dangan index 的更新相同；正在运行的 dangan serve 会自动用上新索引。
    不给 ARCHIVE 时监视现有索引所属的文件夹。
    """
    from .watching import echo_update

    if archive is None:
        archive = indexed_folder(index_dir) or DEFAULT_ARCHIVE
    if not os.path.isdir(archive):
        raise _archive_missing(archive)
    try:  # the live index's segmenter: another one would mean a full rebuild
        segmenter = indexer.index_info(index_dir).get("segmenter") or "rjieba"
    except indexer.IndexMissing:
        segmenter = "rjieba"

    def on_update(update) -> None:
        echo_update(update)
        if update.initial:
            click.echo(f"正在监视 {os.path.abspath(archive)}，有改动即更新索引 {index_dir}（Ctrl+C 退出）")

    watcher = indexer.Watcher(archive, index_dir, on_update=on_update, debounce=debounce,
                              rescan=rescan, segmenter=segmenter)
    try:
        watcher.run()
    except KeyboardInterrupt:
        watcher.stop.set()
        click.echo("已停止监视。")


def main() -> None:
    cli(prog_name="dangan")


if __name__ == "__main__":
    main()
