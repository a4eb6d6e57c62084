#!/usr/bin/env python3
"""The analyst's loop at scale (README "Hunt back", "Catch up"), run by hand, never by `make test`.

1. Serves FEEDS feeds of PER_FEED entries each (ARTICLES in all) on 127.0.0.1, built from the rules
   benchmark's generated corpus (10 scripts, 1-8 KB per article), and lets `newswatch run --once`
   keep them (with one rule that never fires, so that no alert is written).
2. Prints the size of the kept text per 10,000 articles (compressed and raw) and of the database.
3. Times `newswatch test --recent` over all kept articles with 1,000 rules (`--json` to /dev/null: read,
   decompress, match, print), as MB/s of kept text. Target: >= 20 MB/s.
4. Starts the service with a 10 s interval on every feed, adds 10,000 new rules (FIRING of them from the
   1,000-rule set, which fire; the rest name entities no article mentions, as most of a real watch list
   does) and sends SIGHUP; times the catch-up from the reload to its "catch-up:" line, and counts the
   feed requests served meanwhile (fetching must go on).

Usage: Benchmarks/recent_bench.py [--articles 100000] [--feeds 100] [--firing 5] [--skip-build]
"""
import argparse
import http.server
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, "Benchmarks", ".cache", "recent")
CORPUS = os.path.join(ROOT, "Benchmarks", ".cache", "rules-corpus")


def sh(args, **kw):
    return subprocess.run(args, cwd=ROOT, check=True, **kw)


def build(skip):
    if not skip:
        sh(["swift", "build", "-c", "release", "--product", "newswatch"])
        sh(["swift", "build", "-c", "release", "--product", "rules-bench"])
    bindir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    if not os.path.exists(os.path.join(CORPUS, "rules-1000.yml")):
        sh([os.path.join(bindir, "rules-bench"), "--sizes", "1000", "--articles", "3000", "--seconds", "0",
            "--export", CORPUS])
    return os.path.join(bindir, "newswatch")


class Feeds(http.server.ThreadingHTTPServer):
    daemon_threads = True
    requests_served = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = self.server.bodies.get(self.path)
        self.server.requests_served += 1
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def make_feeds(articles, feeds):
    with open(os.path.join(CORPUS, "corpus.txt"), encoding="utf-8") as f:
        corpus = f.read().split("\x1e")
    per = articles // feeds
    bodies = {}
    text_bytes = 0
    for feed in range(feeds):
        items = []
        for i in range(per):
            n = feed * per + i
            title, _, text = corpus[n % len(corpus)].partition("\n")
            text = f"{text} (Item {n}.)"
            text_bytes += len(title.encode()) + len(text.encode())
            items.append(
                f"<item><guid isPermaLink=\"false\">a{n}</guid><title>{escape(title)}</title>"
                f"<link>https://bench{feed}.example/a/{n}</link><description>{escape(text)}</description></item>")
        bodies[f"/f{feed}.xml"] = (
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Bench</title>"
            + "".join(items) + "</channel></rss>").encode()
    return bodies, text_bytes


def write_config(port, feeds, interval):
    os.makedirs(os.path.join(CACHE, "etc", "rules.d"), exist_ok=True)
    lines = ["state_dir: ../var/lib", "rules: [rules.d/*.yml]", "log_level: notice", "alerts:",
             "  log: ../var/log/alerts.log", "  spool: ../var/spool", "fetch:", f"  interval: {interval}",
             "  max_body: 64MiB", "  timeout: 120s", "  article: never", "backfill: 3650d", "retain: 30d", "catch_up: 30d", "feeds:"]
    for feed in range(feeds):
        lines.append(f"  - id: f{feed}\n    url: http://127.0.0.1:{port}/f{feed}.xml")
    with open(os.path.join(CACHE, "etc", "newswatch.yml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(CACHE, "etc", "rules.d", "base.yml"), "w") as f:
        f.write("rules:\n  - id: never\n    match: '\"zqxj never mentioned\"'\n")


def new_rules(count, firing):
    """`count` new rules: `firing` taken from the 1,000-rule set (renamed), the rest naming absent entities."""
    with open(os.path.join(CORPUS, "rules-1000.yml"), encoding="utf-8") as f:
        text = f.read()
    actors_part, _, rules_part = text.partition("\nrules:\n")
    blocks = re.split(r"\n(?=  - id: )", rules_part.strip("\n"))
    out = [actors_part.rstrip("\n"), "rules:"]
    for i, block in enumerate(blocks[:firing]):
        block = re.sub(r"\n    feeds:.*", "", block)  # the benchmark's feeds carry no tags
        out.append(re.sub(r"^  - id: \S+", f"  - id: new-firing-{i}", block))
    for i in range(count - min(firing, len(blocks))):
        out.append(f"  - id: new-{i}\n    match: '\"Qzyrv{i} Wlokta\" OR (Drazhny{i} NEAR/5 Kovrat{i})'")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--feeds", type=int, default=100)
    p.add_argument("--firing", type=int, default=5)
    p.add_argument("--new-rules", type=int, default=10_000)
    p.add_argument("--skip-build", action="store_true")
    a = p.parse_args()
    exe = build(a.skip_build)
    shutil.rmtree(CACHE, ignore_errors=True)
    os.makedirs(CACHE)
    print(f"generating {a.articles:,} articles in {a.feeds} feeds ...", flush=True)
    bodies, text_bytes = make_feeds(a.articles, a.feeds)
    server = Feeds(("127.0.0.1", 0), Handler)
    server.bodies = bodies
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    config = os.path.join(CACHE, "etc", "newswatch.yml")
    write_config(port, a.feeds, "15m")

    t = time.time()
    sh([exe, "run", "--once", "--config", config], stderr=subprocess.DEVNULL)
    keep_seconds = time.time() - t
    db = os.path.join(CACHE, "var", "lib", "state.sqlite")
    con = sqlite3.connect(db)
    count, raw, stored = con.execute("SELECT COUNT(*), SUM(text_size), SUM(LENGTH(text)) FROM article").fetchone()
    con.close()
    db_size = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))
    per10k = lambda b: b / count * 10_000 / 1e6
    print(f"kept {count:,} articles in {keep_seconds:.1f} s; text {raw / 1e6:.1f} MB raw, {stored / 1e6:.1f} MB compressed "
          f"({stored / raw:.0%}); database {db_size / 1e6:.1f} MB in all")
    print(f"per 10,000 articles: {per10k(raw):.1f} MB of text, {per10k(stored):.1f} MB compressed, "
          f"{per10k(db_size):.1f} MB of database (seen entries, feeds and alerts included)")

    rules_1k = os.path.join(CORPUS, "rules-1000.yml")
    best = None
    for _ in range(3):
        t = time.time()
        subprocess.run([exe, "test", "--recent", "30d", "--rules", rules_1k, "--json", "--config", config],
                       cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best or 1e9, time.time() - t)
    print(f"test --recent, 1,000 rules over {count:,} kept articles ({text_bytes / 1e6:.0f} MB): best of 3 {best:.2f} s, "
          f"{text_bytes / 1e6 / best:.1f} MB/s end to end (target >= 20 MB/s)")

    # The service, fetching every 10 s, then 10,000 new rules by SIGHUP.
    write_config(port, a.feeds, "10s")
    # `run --once` scheduled every feed 15 minutes ahead; make them due now, so that the service fetches
    # all through the catch-up (and the benchmark sees whether fetching goes on).
    con = sqlite3.connect(db)
    con.execute("UPDATE feed SET next_fetch_at = NULL")
    con.commit()
    con.close()
    log = open(os.path.join(CACHE, "service.log"), "w+")
    service = subprocess.Popen([exe, "run", "--config", config], cwd=ROOT, stderr=log)
    time.sleep(5)
    with open(os.path.join(CACHE, "etc", "rules.d", "new.yml"), "w") as f:
        f.write(new_rules(a.new_rules, a.firing))
    served_before = server.requests_served
    t = time.time()
    service.send_signal(signal.SIGHUP)
    line = None
    while time.time() - t < 1800:
        log.seek(0)
        found = [l for l in log.read().splitlines() if "catch-up:" in l]
        if found:
            line = found[-1]
            break
        time.sleep(0.2)
    elapsed = time.time() - t
    served = server.requests_served - served_before
    rss = 0
    with open(f"/proc/{service.pid}/status") as f:
        for l in f:
            if l.startswith("VmHWM:"):
                rss = int(l.split()[1]) // 1024
    service.send_signal(signal.SIGTERM)
    service.wait(timeout=60)
    print(f"catch-up of {a.new_rules:,} new rules over {count:,} kept articles: {elapsed:.1f} s ({line or 'no catch-up line'}); "
          f"{served} feed requests served meanwhile ({served / max(elapsed, 0.001):.1f}/s with {a.feeds} feeds due every 10 s); "
          f"peak RSS {rss} MB")
    server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
