"""How `dangan serve` runs the app: pre-forked gunicorn workers on POSIX, waitress otherwise.

Searching is CPU-bound Python, so one process uses one core whatever its thread count: gunicorn
forks `workers` processes (one per core by default) that share the listening socket. The app's
code is imported before the fork (preloaded, its pages shared between workers), but no index is
opened there: each worker opens the index on its first search (indexer keeps one open snapshot
per process) and reopens it by itself when `dangan index` publishes a new build.

Workers use gevent's loop, so a client that sends its request slowly holds a greenlet, not the
worker (what waitress's asynchronous reading gave before). Without keep-alive every request is
a new connection, which the kernel hands to a worker waiting in accept(), the idle one first: a
busy worker does not collect the connections of several clients while the other core idles.

waitress (threads in one process) is kept where gunicorn does not run (Windows), and when asked
for: one worker, or a thread count.
"""
from __future__ import annotations

import functools
import gc
import os

WORKER_TIMEOUT = 120  # s without a heartbeat before a worker is restarted (searches have a time limit)
CONNECTIONS = 256  # open connections a server process takes at most (waitress or a gunicorn worker)
WAITRESS_THREADS = 8


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def prefork_available() -> bool:
    """Whether gunicorn with gevent workers can run here (POSIX, both installed)."""
    if os.name != "posix":
        return False
    try:
        import gevent  # noqa: F401
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def server_for(workers: int | None, threads: int | None) -> tuple[str, int]:
    """("gunicorn", workers) or ("waitress", threads) for the options given."""
    workers = cores() if workers is None else workers
    if threads is not None or workers <= 1 or not prefork_available():
        return "waitress", threads or WAITRESS_THREADS
    return "gunicorn", workers


def serve(app, host: str, port: int, server: tuple[str, int]) -> None:
    """Serve `app` with `server` (from server_for) until Ctrl+C (SIGINT) or SIGTERM."""
    kind, n = server
    if kind == "waitress":
        from waitress import serve as waitress_serve

        waitress_serve(app, host=host, port=port, threads=n, channel_timeout=60,
                       connection_limit=CONNECTIONS, ident="dangan")
        return
    import indexer

    # No collection in this process from here on (Python's advice for a parent that forks): one
    # would free objects among those the workers share, and their first allocations would then
    # write into those shared pages (copying them) rather than into pages of their own.
    gc.disable()
    indexer.prepare(app.config["INDEX_DIR"])  # before the fork, so that workers share it
    warm(app)
    _gunicorn(app, host, port, n).run()


# Answered once in the server's first process before it forks: what every worker would otherwise
# load by itself on its first requests (the index's columns and arrays, figures, copies, the
# archive's holdings, compiled templates) is then made once, its pages shared by the workers.
WARM_PATHS = ("/?q=%E5%8F%91%E5%B1%95", "/api/search?q=%E5%8F%91%E5%B1%95")


def warm(app) -> None:
    """Answer WARM_PATHS in this process (an index missing or broken is left for the workers
    to report: the answers are not looked at)."""
    client = app.test_client()
    for path in WARM_PATHS:
        client.get(path)
    libc = _malloc()
    if libc is not None:  # the heap the warm-up freed goes back to the system, not into every worker
        libc.malloc_trim(0)


def _freeze(server, worker) -> None:
    """Objects made before the fork are left out of the garbage collector's passes, which would
    otherwise write to them and so copy their shared pages into each worker."""
    gc.freeze()


def _unfreeze(server, worker) -> None:
    """Frozen objects would be finalised only as the interpreter tears gevent down (and fail)."""
    gc.unfreeze()


TRIM_EVERY = 16  # requests a worker answers between two returns of its free heap to the system


@functools.lru_cache(maxsize=1)
def _malloc():
    """glibc's allocator (None elsewhere: musl, macOS)."""
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:
        return None


def _steady_heap(worker) -> None:
    """A search's large temporary arrays are mapped on their own and unmapped when freed: glibc
    otherwise raises that threshold as it frees them, and later ones fill the heap, whose
    free memory it keeps."""
    libc = _malloc()
    if libc is not None:
        libc.mallopt(-3, 256 * 1024)  # M_MMAP_THRESHOLD, fixed
    worker.answered = 0


def _trim(worker, req, environ, resp) -> None:
    """Every TRIM_EVERY requests, the heap's free pages go back to the system (a worker's
    memory otherwise grows by the fragments its searches leave, ~25 MB)."""
    worker.answered = getattr(worker, "answered", 0) + 1
    if worker.answered % TRIM_EVERY == 0:
        libc = _malloc()
        if libc is not None:
            libc.malloc_trim(0)


def _ignore_ctrl_c(worker) -> None:
    """Ctrl+C reaches every process of the terminal's group: the master alone handles it (and
    stops the workers), rather than each worker exiting on its own at the same time."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_init(worker) -> None:
    gc.enable()  # disabled in the first process before the fork (see serve)
    _ignore_ctrl_c(worker)
    _steady_heap(worker)


def _gunicorn(app, host: str, port: int, workers: int):
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            options = {
                "bind": [bind],
                "workers": workers,
                "worker_class": "gevent",
                "worker_connections": CONNECTIONS,
                "keepalive": 0,
                "preload_app": True,
                "timeout": WORKER_TIMEOUT,
                "graceful_timeout": 10,
                "proc_name": "dangan",
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
                "control_socket_disable": True,
                "pre_fork": _freeze,
                "post_worker_init": _worker_init,
                "post_request": _trim,
                "worker_exit": _unfreeze,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return app

    return Server()
