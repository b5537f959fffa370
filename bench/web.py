"""Benchmark: the commune dashboard and the province page under 20 concurrent clients.

Sets up a fresh database in a temporary folder (SQLite; ``--postgres URL`` for a new
PostgreSQL database on URL's server, dropped afterwards), migrates it and loads a synthetic
province: 100 communes (codes 90001…90100, "Xã Mẫu 1"…, ``Unit.source`` "synthetic
benchmark data") with a review per commune and year 2020–2024 against
xa-ntm-nang-cao-2021-2025 (region TDMNPB) and a current reading for each of its 52
indicators (reproducible from ``--seed``). These values are benchmark data, not any
commune's.

Then it serves the project with gunicorn (``--workers`` processes of ``--threads``
threads; Django's threaded ``runserver`` if gunicorn is not installed), with the settings
of ``bench/web_settings.py`` (the project's, and the URL map of ``bench/urls.py``), and
loads it with ``--connections`` concurrent keep-alive clients (wrk if it is installed, else
a Python thread pool with http.client, which cannot load the trivial view as fast as the
server answers it: its numbers are then the client's limit):

- ``/bench/trivial/``: a view that returns "ok", through the same server and middleware,
  the baseline measured in the same run;
- ``/xa/90001/``: the commune dashboard, as the commune's NTM officer;
- ``/tinh/90/``: the province page (100 communes × 19 criteria), as its coordinator.

Each page is warmed up by rounds of ``--connections`` concurrent requests (each round
awaited) for ``--warmup`` seconds, then measured for ``--duration`` seconds or, for a slow
page, three warm-up rounds' time (at most ``--max-duration``), so that each client
completes a few requests. Between pages the server is left to finish the requests the
clients left in flight (its CPU time goes quiet).

The table gives requests per second, median and p95 latency and their ratios to the trivial
view's, the SQL queries of one request (counted in-process with CaptureQueriesContext), and
the server's CPU time a request (its processes' CPU time over the measurement and the
finishing of the requests in flight, from /proc; "cores" is how many cores it used on
average). CPU a request is the steadier number on a shared machine: the latencies depend on
what else runs. Goal: the dashboard's p95 under 150 ms and within 3x the trivial view's.

How to read it: with 20 clients always waiting for an answer, the server is saturated and
latency is mostly waiting in line, about 20 / (requests per second). A p95 of 150 ms asks
for roughly 150-200 dashboards a second, under ~10 ms of CPU each on 2 free cores; the
ratio to the trivial view is then about the ratio of their CPU times a request.

``--profile`` also profiles the two pages in-process (cProfile, through Django's test client,
a new database connection a request as in the server) and prints where the time goes.

Usage: python bench/web.py [--postgres URL] [--duration S] [--warmup S] [--max-duration S]
                           [--connections N] [--workers N] [--threads N] [--seed S]
                           [--profile] [--python-client]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import http.client
import io
import json
import os
import pstats
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETTINGS = "bench.web_settings"
SET_CODE = "xa-ntm-nang-cao-2021-2025"
REGION = "TDMNPB"
YEARS = range(2020, 2025)
COMMUNES = 100
PROVINCE_CODE = "90"
FIRST_COMMUNE = 90001
SYNTHETIC = "synthetic benchmark data"
PASSWORD = "bench-web-2024"
OFFICER = "bench.xa90001"
COORDINATOR = "bench.dieuphoi"
GOAL_P95_MS = 150.0
GOAL_RATIO = 3.0

#: Plausible denominators of the ratio indicators, by their unit (a commune's size).
DENOMINATORS = {
    "km": (15, 60),
    "ha": (150, 900),
    "hộ": (900, 3000),
    "trường": (3, 5),
    "người": (2500, 9000),
    "thôn": (8, 16),
    "thuê bao": (600, 3500),
    "nhà": (900, 3000),
    "trẻ em": (250, 900),
    "cơ sở": (10, 45),
}

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_ok") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "socket_errors": %d, "not_ok": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout, bad))
end
"""


# -- the database ----------------------------------------------------------------------


@contextlib.contextmanager
def database(postgres: str | None, folder: Path) -> Iterator[str]:
    """The URL of a fresh, empty database: a SQLite file in ``folder``, or a new database
    on the PostgreSQL server of ``postgres`` (dropped on the way out)."""
    if postgres is None:
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    import psycopg

    name = f"ntm_bench_web_{os.getpid()}"
    parts = urlsplit(postgres)
    # CREATE and DROP DATABASE from the server's maintenance database, "postgres".
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reading_cells(indicator: Any, rng: random.Random) -> dict[str, str]:
    """A plausible reading of one indicator: a verdict, a ratio's two counts, or a value."""
    from ntm.core import Comparator, IndicatorKind

    if indicator.kind is IndicatorKind.YES_NO:
        return {"result": "Đạt" if rng.random() < 0.8 else "Chưa đạt"}
    if indicator.kind is IndicatorKind.RATIO:
        low, high = DENOMINATORS.get(indicator.denominator, (500, 3000))
        denominator = rng.randint(low, high)
        if indicator.comparator in (Comparator.LE, Comparator.LT):
            share = rng.uniform(0.0, 0.06)  # poor households, untrained workers…
        else:
            share = rng.uniform(0.8, 1.0)
        numerator = round(denominator * share)
        return {"numerator": str(numerator), "denominator": str(denominator)}
    # Income per person, triệu đồng/người/năm, written as Vietnamese write it ("52,3").
    return {"value": f"{rng.uniform(38, 75):.1f}".replace(".", ",")}


def load_province(seed: int) -> dict[str, Any]:
    """The synthetic province, its communes, their reviews and readings, and two users."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from ntm.core import Catalog
    from ntm.reviews.models import Reading, Review
    from ntm.territories.models import Unit, UnitKind
    from ntm.users.models import Membership, Role

    rng = random.Random(seed)
    indicators = list(Catalog.shipped().criteria_set(SET_CODE).indicators())
    with transaction.atomic():
        province = Unit.objects.create(
            kind=UnitKind.PROVINCE,
            code=PROVINCE_CODE,
            name="Mẫu",
            type_name="Tỉnh",
            source=SYNTHETIC,
        )
        Unit.objects.bulk_create(
            Unit(
                kind=UnitKind.COMMUNE,
                code=str(FIRST_COMMUNE + number),
                name=f"Mẫu {number + 1}",
                type_name="Xã",
                parent=province,
                province=province,
                source=SYNTHETIC,
            )
            for number in range(COMMUNES)
        )
        communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE, province=province))
        officer = User.objects.create_user(OFFICER, password=PASSWORD, first_name="Xã Mẫu 1")
        coordinator = User.objects.create_user(
            COORDINATOR, password=PASSWORD, first_name="Tỉnh Mẫu"
        )
        first = next(c for c in communes if c.code == str(FIRST_COMMUNE))
        Membership.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=first)
        Membership.objects.create(user=coordinator, role=Role.PROVINCE_COORDINATOR, unit=province)
        Review.objects.bulk_create(
            Review(
                commune=commune,
                year=year,
                criteria_set=SET_CODE,
                region=REGION,
                recognitions=[{"level": "basic", "year": 2019}],
                title=f"Rà soát {commune.full_name} {year} ({SYNTHETIC})",
                source=SYNTHETIC,
            )
            for commune in communes
            for year in YEARS
        )
        reviews = list(Review.objects.filter(commune__province=province).order_by("id"))
        readings = [
            Reading(
                review=review,
                criterion=indicator.criterion,
                indicator=indicator.code,
                source=SYNTHETIC,
                current=True,
                created_by=officer,
                **reading_cells(indicator, rng),
            )
            for review in reviews
            for indicator in indicators
        ]
        Reading.objects.bulk_create(readings, batch_size=2000)
    return {
        "communes": len(communes),
        "reviews": len(reviews),
        "readings": len(readings),
        "indicators": len(indicators),
    }


def session_cookie(username: str) -> str:
    """A logged-in session's cookie value (the session is stored in the database)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    assert client.login(username=username, password=PASSWORD), username
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def query_counts(pages: list[Page]) -> dict[str, int]:
    """The SQL queries of one request of each page (after a warm-up request), in-process."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page in pages:
        client = Client()
        if page.user:
            client.force_login(User.objects.get(username=page.user))
        assert client.get(page.path).status_code == 200, page.path
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        assert response.status_code == 200, page.path
        counts[page.name] = len(captured.captured_queries)
    return counts


def profile(pages: list[Page], seconds: float) -> None:
    """Where the time of each product page goes, in-process (cProfile through Django's test
    client), with a new database connection for each request, as the server has."""
    import site

    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    prefixes = [f"{ROOT}/", *(f"{path}/" for path in site.getsitepackages())]

    def short(text: str) -> str:
        for prefix in prefixes:
            text = text.replace(prefix, "")
        return text

    for page in pages:
        if not page.user or page.path.startswith("/bench/"):
            continue
        client = Client()
        client.force_login(User.objects.get(username=page.user))
        client.get(page.path)  # warm-up
        requests = 0
        start = time.perf_counter()
        while requests < 5 or time.perf_counter() - start < seconds:
            connection.close()
            client.get(page.path)
            requests += 1
        plain = (time.perf_counter() - start) / requests * 1000
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        for _ in range(requests):
            connection.close()
            client.get(page.path)
        profiler.disable()
        profiled = (time.perf_counter() - start) / requests * 1000
        print(
            f"\n--- {page.name} ({page.path}), in-process: {plain:.1f} ms a request "
            f"({profiled:.1f} ms under cProfile; {requests} requests)"
        )
        for title, order, restriction in (
            ("ntm's functions, by cumulative time", "cumulative", ("/ntm/", 18)),
            ("all functions, by own time", "tottime", (18,)),
        ):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(*restriction)
            body = out.getvalue()
            print(f"{title}:")
            print(short(body[body.index("   ncalls") :].rstrip()))


# -- the server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def has_gunicorn() -> bool:
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def server(
    environment: dict[str, str], port: int, workers: int, threads: int, log: Path
) -> Iterator[tuple[str, int]]:
    """The project served on 127.0.0.1:port; yields its description and process id."""
    if has_gunicorn():
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            "--keep-alive=30",
            "--backlog=256",
        ]
        name = f"gunicorn, {workers} workers x {threads} threads (gthread)"
    else:
        command = [
            sys.executable,
            str(ROOT / "manage.py"),
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--insecure",
        ]
        name = "Django runserver (threaded; gunicorn is not installed)"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped:\n{log.read_text()[-3000:]}")
            try:
                if get(port, "/bench/trivial/", "")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield name, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cpu_seconds(pid: int) -> float | None:
    """The CPU time of the process and its children (gunicorn's workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        stats = list(Path("/proc").glob("[0-9]*/stat"))
    except OSError:
        return None
    for stat in stats:
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total or None


def wait_idle(pid: int, limit: float = 120.0) -> None:
    """Wait until the server has finished the requests that the clients left behind (a
    client that stops does not stop the server's work on its last requests)."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(pid)
    if before is None:  # no /proc: a fixed pause
        time.sleep(2)
        return
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = cpu_seconds(pid) or 0.0
        if now - before < 0.03:
            return
        before = now


def warm_up(port: int, page: Page, cookie: str, clients: int, seconds: float) -> float:
    """Rounds of ``clients`` concurrent requests, each round awaited, for about
    ``seconds`` (at least one round); returns the seconds of the last round."""
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        while True:
            began = time.perf_counter()
            statuses = list(pool.map(lambda _: get(port, page.path, cookie)[0], range(clients)))
            if any(status != 200 for status in statuses):
                raise SystemExit(f"{page.path}: status {sorted(set(statuses))} in the warm-up")
            last = time.perf_counter() - began
            if time.perf_counter() - started >= seconds:
                return last


def get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# -- the load --------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    user: str | None
    expect: str  # text the page must contain: a check that the session works


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    median_ms: float
    p95_ms: float
    failures: int  # socket errors and responses other than 200
    cores: float | None = None  # the server's CPU seconds a second while measured
    cpu_ms: float | None = None  # the server's CPU milliseconds a request

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def run_wrk(port: int, page: Page, cookie: str, seconds: float, clients: int, script: Path) -> Load:
    command = [
        "wrk",
        f"--threads={min(2, clients)}",
        f"--connections={clients}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=30s",
        f"--script={script}",
        f"http://127.0.0.1:{port}{page.path}",
    ]
    if cookie:
        command[1:1] = ["--header", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    return Load(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        median_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        failures=data["socket_errors"] + data["not_ok"],
    )


def run_threads(port: int, page: Page, cookie: str, seconds: float, clients: int) -> Load:
    """The fallback: ``clients`` threads, each with its own keep-alive connection."""
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures = [0] * clients
    start = time.perf_counter()
    deadline = start + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                connection.request("GET", page.path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            latencies[index].append(time.perf_counter() - began)
            failures[index] += not ok
        connection.close()

    workers = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    every = sorted(t for thread in latencies for t in thread)
    return Load(
        requests=len(every),
        seconds=elapsed,
        median_ms=statistics.median(every) * 1000,
        p95_ms=statistics.quantiles(every, n=100)[94] * 1000,
        failures=sum(failures),
    )


# -- the run ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="use a fresh database on this server")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured a page")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before, a page")
    parser.add_argument(
        "--max-duration", type=float, default=40.0, help="the longest measurement of a page"
    )
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads of each process")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--profile", action="store_true", help="profile the pages in-process")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ntm-bench-web-"))
    try:
        with database(args.postgres, folder) as url:
            environment = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": SETTINGS,
                "DJANGO_DEBUG": "false",
                "NTM_MEDIA_ROOT": str(folder / "media"),
                "PYTHONPATH": os.pathsep.join(
                    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
                ),
            }
            os.environ.update(environment)
            measure(args, folder, environment)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(args: argparse.Namespace, folder: Path, environment: dict[str, str]) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    loaded = load_province(args.seed)
    ready = time.perf_counter()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"database: {engine} (fresh, in {folder if engine == 'sqlite3' else 'a new database'})"
        f"; migrated in {migrated - started:.1f} s, loaded in {ready - migrated:.1f} s"
    )
    print(
        f"data ({SYNTHETIC}): 1 province, {loaded['communes']} communes "
        f"({FIRST_COMMUNE}…{FIRST_COMMUNE + COMMUNES - 1}), {loaded['reviews']} reviews "
        f"({YEARS[0]}–{YEARS[-1]}, {SET_CODE}, {REGION}), {loaded['readings']:,} readings "
        f"({loaded['indicators']} indicators a review), seed {args.seed}"
    )

    pages = [
        Page("trivial view", "/bench/trivial/", OFFICER, "ok"),
        Page("commune dashboard", f"/xa/{FIRST_COMMUNE}/", OFFICER, "Xã Mẫu 1"),
        Page("province page", f"/tinh/{PROVINCE_CODE}/", COORDINATOR, f"Xã Mẫu {COMMUNES}"),
    ]
    queries = query_counts(pages)
    cookies = {
        user: f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}"
        for user in {page.user for page in pages if page.user}
    }
    connections.close_all()

    use_wrk = shutil.which("wrk") is not None and not args.python_client
    script = folder / "bench.lua"
    script.write_text(WRK_SCRIPT)
    port = free_port()
    results: dict[str, Load] = {}
    with server(environment, port, args.workers, args.threads, folder / "server.log") as (
        name,
        pid,
    ):
        if use_wrk:
            client = f"wrk ({shutil.which('wrk')})"
        elif args.python_client:
            client = "Python threads with http.client (--python-client)"
        else:
            client = "Python threads with http.client (wrk is not installed)"
        print(f"server: {name} on 127.0.0.1:{port}, settings {SETTINGS}")
        print(
            f"load: {client}, {args.connections} concurrent keep-alive clients; a page: "
            f"rounds of {args.connections} concurrent requests for {args.warmup:g} s to warm up, "
            f"then measured for {args.duration:g} s or, if longer, three of those rounds "
            f"(at most {args.max_duration:g} s)"
        )
        for page in pages:
            cookie = cookies[page.user] if page.user else ""
            status, body = get(port, page.path, cookie)
            if status != 200 or page.expect.encode() not in body:
                raise SystemExit(f"{page.path}: status {status}, not the expected page")
            round_time = warm_up(port, page, cookie, args.connections, args.warmup)
            seconds = min(max(args.duration, 3 * round_time), args.max_duration)
            before = cpu_seconds(pid)
            if use_wrk:
                load = run_wrk(port, page, cookie, seconds, args.connections, script)
            else:
                load = run_threads(port, page, cookie, seconds, args.connections)
            during = cpu_seconds(pid)
            wait_idle(pid)
            after = cpu_seconds(pid)
            if before is not None and during is not None and after is not None:
                # The server finishes the requests in flight when the clients stop.
                load = replace(
                    load,
                    cores=(during - before) / load.seconds,
                    cpu_ms=(after - before) * 1000 / (load.requests + args.connections),
                )
            results[page.name] = load

    base = results["trivial view"]
    print()
    print(
        f"{'page':<18} {'path':<16} {'queries':>7} {'req/s':>8} {'median ms':>9} "
        f"{'p95 ms':>8} {'median/triv':>11} {'p95/triv':>8} {'CPU ms/req':>10} "
        f"{'CPU/triv':>8} {'cores':>5} {'failed':>6} {'seconds':>7}"
    )
    for page in pages:
        load = results[page.name]
        cpu = "n/a" if load.cpu_ms is None else f"{load.cpu_ms:.2f}"
        cpu_ratio = (
            "n/a" if load.cpu_ms is None or not base.cpu_ms else f"{load.cpu_ms / base.cpu_ms:.1f}x"
        )
        cores = "n/a" if load.cores is None else f"{load.cores:.2f}"
        print(
            f"{page.name:<18} {page.path:<16} {queries[page.name]:>7} {load.rate:>8.1f} "
            f"{load.median_ms:>9.1f} {load.p95_ms:>8.1f} "
            f"{load.median_ms / base.median_ms:>10.1f}x {load.p95_ms / base.p95_ms:>7.1f}x "
            f"{cpu:>10} {cpu_ratio:>8} {cores:>5} {load.failures:>6} {load.seconds:>7.1f}"
        )
    print()
    print(
        f"goal: dashboard p95 < {GOAL_P95_MS:g} ms and within {GOAL_RATIO:g}x the trivial "
        "view's p95"
    )
    for page in pages[1:]:
        load = results[page.name]
        ratio = load.p95_ms / base.p95_ms
        met = load.p95_ms < GOAL_P95_MS and ratio <= GOAL_RATIO
        note = "" if page is pages[1] else "  (the dashboard's goal, for comparison)"
        print(
            f"  {page.name:<18}: p95 {load.p95_ms:.1f} ms, {ratio:.1f}x -> "
            f"{'MET' if met else 'NOT MET'}{note}"
        )
    if any(load.failures for load in results.values()):
        print("warning: some requests failed (socket errors or status other than 200)")

    if args.profile:
        profile(pages, seconds=3.0)


if __name__ == "__main__":
    main()
