"""Load (and fault) test: gunicorn + PostgreSQL + Redis + a task worker, driven by 32 clients.

    make load                      # 60 s, 32 clients, no faults
    make faults                    # the same, restarting the worker and stopping PostgreSQL midway
    .venv/bin/python bench/load.py --duration 60 --clients 32 [--faults] [--keep]

What it does, all on this machine (127.0.0.1 only, bounded in time and count):
1. creates a fresh PostgreSQL database (`load_liaison`), migrates it, seeds the demo portal and
   collects static files, with the production settings (DEBUG off, HTTPS-only cookies: the
   clients send X-Forwarded-Proto like the TLS proxy would);
2. starts gunicorn and a `db_worker`, and waits for /healthz;
3. runs a mix for --duration seconds: anonymous browsing (sitemap pages, listings, feeds),
   searches, the programme lookup (HTML and JSON), sign-ups through allauth's form and contact
   messages through librarians' profile forms. Each visitor has its own cookies and its own
   address (X-Forwarded-For, trusted as behind one proxy), as many people would;
4. records every write the site accepted (a redirect to the success page) and afterwards checks
   that each one is in the database; prints requests, errors, p50/p99 latency.

With --faults, during the mix it restarts the task worker (t=30 % of the run) and stops the
machine's PostgreSQL for --outage seconds (t=55 %), then starts it again (bench/faults.sh adds a
shell trap so it is restarted whatever happens) and measures how long /healthz takes to answer
200 again. Writes rejected during the outage must be clear 503 pages, never a false success.

Exit status: 0 when there were no 5xx outside the outage, no 500 at all and no lost writes.
"""

import argparse
import html.parser
import http.client
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
PY = str(REPO / ".venv" / "bin" / "python")
GUNICORN = str(REPO / ".venv" / "bin" / "gunicorn")
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
MAX_REQUESTS = 200_000  # hard bound on the whole run, whatever the duration


# --- setup -----------------------------------------------------------------------------------


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def recreate_database(name):
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def server_env(args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_TRUSTED_PROXY_COUNT="1",
        DJANGO_STATIC_ROOT=str(args.workdir / "static"),
        DJANGO_MEDIA_ROOT=str(args.workdir / "media"),
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        DATABASE_CONN_MAX_AGE="60",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        WAGTAILADMIN_BASE_URL=f"https://127.0.0.1:{args.port}",
        PYTHONUNBUFFERED="1",
    )
    if args.redis:
        env["REDIS_URL"] = args.redis
    else:
        env.pop("REDIS_URL", None)
    return env


def manage(env, *command):
    subprocess.run(
        [PY, "manage.py", *command], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL
    )


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


class Processes:
    """gunicorn and the task worker, with the worker restarted if it dies (as systemd would)."""

    def __init__(self, args, env):
        self.args, self.env = args, env
        self.web = self.worker = None
        self.worker_restarts = 0
        self.stopping = False
        self.logs = {
            name: open(args.workdir / f"{name}.log", "ab")  # noqa: SIM115
            for name in ("gunicorn", "worker")
        }

    def start_web(self):
        self.web = subprocess.Popen(
            [
                GUNICORN,
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.args.port}",
                "--workers",
                str(self.args.workers),
                "--threads",
                str(self.args.threads),
                "--worker-class",
                "gthread",
                "--timeout",
                "30",
                "--graceful-timeout",
                "10",
                "--backlog",
                "512",
            ],
            cwd=REPO,
            env=self.env,
            stdout=self.logs["gunicorn"],
            stderr=subprocess.STDOUT,
        )

    def start_worker(self):
        self.worker = subprocess.Popen(
            [PY, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay"],
            cwd=REPO,
            env=self.env,
            stdout=self.logs["worker"],
            stderr=subprocess.STDOUT,
        )

    def restart_worker(self):
        """Stop the worker; `supervise` starts the replacement (one place starts workers, so
        the two can never both start one)."""
        self.worker.send_signal(signal.SIGTERM)
        try:
            self.worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.worker.kill()
            self.worker.wait()

    def supervise(self):
        while not self.stopping:
            if self.worker and self.worker.poll() is not None:
                log(f"task worker exited ({self.worker.returncode}); restarting it")
                time.sleep(1)
                self.start_worker()
                self.worker_restarts += 1
            time.sleep(0.5)

    def stop(self):
        self.stopping = True
        for proc in (self.worker, self.web):
            if proc and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in (self.worker, self.web):
            if proc:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


# --- HTTP ------------------------------------------------------------------------------------


class Visitor:
    """One person: own cookies, own address, HTTPS as seen by the app (through the proxy)."""

    def __init__(self, port, stats):
        self.port = port
        self.stats = stats
        self.cookies = {}
        self.ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        self.conn = None

    def request(self, method, path, body=None, label="other"):
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.ip,
            "User-Agent": "liaison-load/1",
            "Accept": "text/html,application/json",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        if method != "GET":
            self.close()  # a write never goes out on a keep-alive connection the server may drop
        started = time.perf_counter()
        for attempt in (1, 2):
            reused = self.conn is not None
            try:
                status, data, location = self._send(method, path, body, headers)
                break
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                status, data, location = 0, f"{type(exc).__name__}: {exc}".encode(), ""
                # Like browsers, retry a GET once when a kept-alive connection was closed under it.
                stale = isinstance(
                    exc, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
                )
                if not (method == "GET" and reused and stale and attempt == 1):
                    break
        elapsed = time.perf_counter() - started
        self.stats.record(label, method, path, status, elapsed, data if status == 0 else b"")
        return status, data, location

    def _send(self, method, path, body, headers):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, data, response.getheader("Location", "")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class FormParser(html.parser.HTMLParser):
    """The fields of every <form> on a page: {action: {name: first value or first option}}."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {
                "action": attrs.get("action") or "",
                "method": attrs.get("method", "get").lower(),
                "fields": {},
            }
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag in ("input", "textarea") and attrs.get("name"):
            self.current["fields"].setdefault(attrs["name"], attrs.get("value") or "")
        elif tag == "select" and attrs.get("name"):
            self.select = attrs["name"]
            self.current["fields"].setdefault(self.select, "")
        elif (
            tag == "option"
            and self.select
            and attrs.get("value")
            and not self.current["fields"][self.select]
        ):
            self.current["fields"][self.select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.current = None


def post_forms(html_bytes):
    parser = FormParser()
    parser.feed(html_bytes.decode("utf-8", "replace"))
    return [form for form in parser.forms if form["method"] == "post"]


def fill(fields, values):
    """Fill a form's fields by the end of their names (`contact-subject` takes `subject`)."""
    data = dict(fields)
    for name in data:
        short = name.rsplit("-", 1)[-1]
        if short in values:
            data[name] = values[short]
    return data


# --- statistics ------------------------------------------------------------------------------


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.statuses = Counter()
        self.by_label = Counter()
        self.label_latencies = {}
        self.server_errors = []  # (time, status, path)
        self.accepted = {"message": [], "signup": []}
        self.rejected = Counter()
        self.outage = None  # (start, end) monotonic

    def record(self, label, method, path, status, elapsed, detail=b""):
        with self.lock:
            self.latencies.append(elapsed)
            self.statuses[status] += 1
            self.by_label[label] += 1
            self.label_latencies.setdefault(label, []).append(elapsed)
            if status >= 500 or status == 0:
                where = f"{method} {path[:80]} {detail[:120].decode('utf-8', 'replace')}"
                self.server_errors.append((time.monotonic(), status, where.strip()))

    @property
    def count(self):
        return len(self.latencies)


# --- the mix ---------------------------------------------------------------------------------

SEARCH_WORDS = [
    "chemistry",
    "history",
    "law",
    "data",
    "journal",
    "referencing",
    "music",
    "engineering",
    "open access",
    "thesis",
    "nursing",
    "ebooks",
    "zzqx",
    "physics",
]


def browse(visitor, site):
    path = random.choice(site["pages"])
    visitor.request("GET", path, label="browse")


def search(visitor, site):
    query = random.choice(SEARCH_WORDS)
    params = {"q": query}
    if random.random() < 0.3:
        params["type"] = random.choice(["librarian", "guide", "post", "service"])
    visitor.request("GET", "/search/?" + urlencode(params), label="search")


def lookup(visitor, site):
    code = random.choice(site["programmes"])
    if random.random() < 0.5:
        visitor.request("GET", f"/api/librarian-for-programme/{code}/", label="lookup-json")
    else:
        visitor.request(
            "GET", "/librarians/find/?" + urlencode({"programme": code}), label="lookup"
        )


def contact(visitor, site, stats):
    path = random.choice(site["liaisons"])
    status, body, _ = visitor.request("GET", path, label="contact-form")
    if status != 200:
        return
    forms = [f for f in post_forms(body) if any(k.endswith("subject") for k in f["fields"])]
    if not forms:
        return
    marker = f"load-{uuid.uuid4().hex}"
    data = fill(
        forms[0]["fields"],
        {
            "name": "Load Tester",
            "email": f"{marker}@students.example.edu",
            "subject": f"Question {marker}",
            "message": "Which databases cover my topic?",
            "website": "",
        },
    )
    status, body, location = visitor.request("POST", path, body=data, label="contact-post")
    if status == 302 and "sent=1" in location:
        with stats.lock:
            stats.accepted["message"].append(f"Question {marker}")
    else:
        with stats.lock:
            stats.rejected[f"message {status}"] += 1


def signup(visitor, site, stats):
    status, body, _ = visitor.request("GET", "/accounts/signup/", label="signup-form")
    if status != 200:
        return
    forms = [f for f in post_forms(body) if "password1" in f["fields"]]
    if not forms:
        return
    email = f"load-{uuid.uuid4().hex}@students.example.edu"
    password = "Lo4d-" + secrets.token_urlsafe(12)
    data = fill(
        forms[0]["fields"],
        {
            "email": email,
            "password1": password,
            "password2": password,
            "name": "Load Student",
            "preferred_name": "Load",
        },
    )
    status, body, location = visitor.request(
        "POST", "/accounts/signup/", body=data, label="signup-post"
    )
    if status == 302 and "signup" not in location:
        with stats.lock:
            stats.accepted["signup"].append(email)
    else:
        with stats.lock:
            stats.rejected[f"signup {status}"] += 1


ACTIONS = [(browse, 50), (search, 20), (lookup, 10), (contact, 12), (signup, 8)]


def client_loop(port, site, stats, deadline, rng_seed):
    random.seed(rng_seed)
    functions, weights = zip(*ACTIONS, strict=True)
    while time.monotonic() < deadline and stats.count < MAX_REQUESTS:
        visitor = Visitor(port, stats)  # a new person (and address) for each short visit
        for _ in range(random.randint(1, 4)):
            if time.monotonic() >= deadline:
                break
            action = random.choices(functions, weights)[0]
            if action in (contact, signup):
                action(visitor, site, stats)
            else:
                action(visitor, site)
            time.sleep(random.uniform(0.05, 0.3))  # think time
        visitor.close()


def discover(port, database):
    """The pages to browse (from the sitemap and the listings), profile pages and programmes."""
    visitor = Visitor(port, Stats())
    status, body, _ = visitor.request("GET", "/sitemap.xml")
    assert status == 200, f"sitemap answered {status}"
    pages = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())]
    pages += [
        "/",
        "/librarians/",
        "/guides/",
        "/news/",
        "/news/feed/",
        "/services/",
        "/news/?page=2",
    ]
    liaisons = [p for p in pages if p.startswith("/librarians/") and p.count("/") == 3]
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as conn:
        programmes = [
            row[0] for row in conn.execute("SELECT code FROM taxonomy_programme WHERE is_active")
        ]
    programmes += ["NOPE-000"]
    return {"pages": pages, "liaisons": liaisons, "programmes": programmes}


# --- faults ----------------------------------------------------------------------------------


def pg_ctl(action, *options):
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(x) for x in v.split(".")])
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", *options, version[-1], "main", action]
    subprocess.run(command, check=True)


def healthy(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{port}"})
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except (OSError, http.client.HTTPException):
        return False


def run_faults(args, procs, stats, started, results):
    time.sleep(args.duration * 0.30)
    log("fault: restarting the task worker")
    procs.restart_worker()
    results["worker_restarted_at"] = round(time.monotonic() - started, 1)
    time.sleep(max(0.0, started + args.duration * 0.55 - time.monotonic()))
    log(f"fault: stopping PostgreSQL for {args.outage} s")
    outage_start = time.monotonic()
    try:
        pg_ctl("stop", "--mode=fast")
        time.sleep(args.outage)
    finally:
        pg_ctl("start")
        log("fault: PostgreSQL started again")
    restarted = time.monotonic()
    while not healthy(args.port) and time.monotonic() - restarted < 60:
        time.sleep(0.1)
    recovered = time.monotonic()
    stats.outage = (outage_start, recovered)
    results["outage_seconds"] = round(restarted - outage_start, 1)
    results["recovery_seconds"] = round(recovered - restarted, 2)
    log(f"fault: /healthz is 200 again {results['recovery_seconds']} s after PostgreSQL started")


# --- verification ----------------------------------------------------------------------------


def verify(database, stats):
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as conn:
        subjects = {
            row[0]
            for row in conn.execute(
                "SELECT subject FROM inbox_message WHERE subject LIKE 'Question load-%%'"
            )
        }
        emails = {
            row[0] for row in conn.execute("SELECT email FROM auth_user WHERE email LIKE 'load-%%'")
        }
    lost_messages = [s for s in stats.accepted["message"] if s not in subjects]
    lost_signups = [e for e in stats.accepted["signup"] if e not in emails]
    return lost_messages, lost_signups


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--port", type=int, default=8108)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default="load_liaison")
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/9",
        help="REDIS_URL for cache and sessions ('' for local memory)",
    )
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--outage", type=float, default=3.0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/liaison-load"))
    parser.add_argument("--skip-setup", action="store_true", help="reuse the database")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not args.workdir.is_absolute() or str(args.workdir) in ("/", "/tmp"):
        sys.exit("--workdir must be a dedicated absolute path")
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = server_env(args)

    if not args.skip_setup:
        log(f"creating database {args.database}, migrating, seeding, collecting static files")
        recreate_database(args.database)
        manage(env, "migrate", "--no-input")
        manage(
            env, "seed_demo", "--settings=portal.settings.dev"
        )  # the demo app is installed in development settings only
        manage(env, "collectstatic", "--no-input", "--clear")
    if args.redis:
        flush_redis(args.redis)

    procs = Processes(args, env)
    results = {
        "clients": args.clients,
        "duration_s": args.duration,
        "faults": args.faults,
        "gunicorn": f"{args.workers} workers x {args.threads} threads",
        "cache": "redis" if args.redis else "locmem",
    }
    try:
        procs.start_web()
        procs.start_worker()
        for _ in range(600):
            if healthy(args.port):
                break
            time.sleep(0.1)
        else:
            sys.exit("gunicorn did not become healthy; see " + str(args.workdir / "gunicorn.log"))
        threading.Thread(target=procs.supervise, daemon=True).start()
        site = discover(args.port, args.database)
        log(
            f"{len(site['pages'])} pages, {len(site['liaisons'])} profiles, "
            f"{len(site['programmes'])} programme codes; {args.clients} clients for "
            f"{args.duration:.0f} s{' with faults' if args.faults else ''}"
        )

        # Warm up as a running site would be: image renditions made, page cache filled once.
        warm = Visitor(args.port, Stats())
        for path in site["pages"]:
            warm.request("GET", path)
        warm.close()
        log(f"warmed up {len(site['pages'])} pages")

        stats = Stats()
        started = time.monotonic()
        deadline = started + args.duration
        threads = [
            threading.Thread(target=client_loop, args=(args.port, site, stats, deadline, n))
            for n in range(args.clients)
        ]
        fault_thread = None
        if args.faults:
            fault_thread = threading.Thread(
                target=run_faults, args=(args, procs, stats, started, results)
            )
            fault_thread.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.duration + 120)
        if fault_thread:
            fault_thread.join(timeout=120)
        elapsed = time.monotonic() - started

        log("letting the task worker finish queued work")
        time.sleep(3)
    finally:
        procs.stop()

    lost_messages, lost_signups = verify(args.database, stats)
    in_outage = []
    outside = []
    for when, status, path in stats.server_errors:
        if stats.outage and stats.outage[0] - 1 <= when <= stats.outage[1] + 1:
            in_outage.append((status, path))
        else:
            outside.append((status, path))
    plain_500 = [e for e in stats.server_errors if e[1] not in (503,)]
    lat = stats.latencies
    results.update(
        requests=stats.count,
        requests_per_s=round(stats.count / elapsed, 1),
        statuses={str(k): v for k, v in sorted(stats.statuses.items())},
        server_errors=len(stats.server_errors),
        server_errors_outside_outage=len(outside),
        server_errors_during_outage=Counter(s for s, _ in in_outage),
        non_503_server_errors=len(plain_500),
        p50_ms=round(statistics.median(lat) * 1000, 1) if lat else None,
        p90_ms=round(percentile(lat, 0.90) * 1000, 1) if lat else None,
        p99_ms=round(percentile(lat, 0.99) * 1000, 1) if lat else None,
        max_ms=round(max(lat) * 1000, 1) if lat else None,
        by_kind={
            label: f"{count} requests, p50 "
            f"{statistics.median(stats.label_latencies[label]) * 1000:.0f} ms"
            for label, count in stats.by_label.most_common()
        },
        accepted_messages=len(stats.accepted["message"]),
        accepted_signups=len(stats.accepted["signup"]),
        rejected_writes=dict(stats.rejected),
        lost_messages=len(lost_messages),
        lost_signups=len(lost_signups),
        worker_restarts=procs.worker_restarts,
    )
    print(json.dumps(results, indent=2, default=str))
    if outside:
        print("server errors outside the outage (first 10):", outside[:10])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    failed = bool(lost_messages or lost_signups or outside or plain_500)
    if not stats.accepted["message"] or not stats.accepted["signup"]:
        print("no writes were accepted: the mix did not exercise sign-ups and messages")
        failed = True
    print("RESULT:", "FAIL" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
