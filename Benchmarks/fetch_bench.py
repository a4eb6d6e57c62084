#!/usr/bin/env python3
"""A fleet of feeds fetched the way the service does it: `newswatch run --once`, against a cron-style
Python peer (urllib + feedparser in a thread pool) on the same feeds.

    python3 Benchmarks/fetch_bench.py [--feeds 2000] [--hosts 20] [--items 30] [--binary PATH]

The feeds are generated (deterministic; no internet here) and served over HTTP by a separate process on
127.0.0.1..127.0.0.HOSTS (the whole 127/8 is loopback), with ETag, Last-Modified, gzip and 304 answers,
like real feed servers. Each side makes two passes:

- cold: a fresh state, so every feed is new: fetch, decompress, parse every entry, and (newswatch only)
  normalize and match each against the rules in Config/rules.d/, store it as seen and raise the alerts
  of entries within `backfill`;
- warm: the same feeds again, unchanged: conditional GETs, each answered 304.

Both sides are equally polite: 32 transfers at most, 2 per host. The peer keeps ETags and seen entry ids
in memory, matches nothing and writes nothing, so it does strictly less than newswatch. Printed: wall
time, CPU time (user + system of the fetching process), feeds/s and entries/s, and the ratios.
newswatch is built with `swift build -c release` unless --binary names one.
"""
import argparse
import concurrent.futures
import gzip
import hashlib
import http.server
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import feeds_oracle  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at which but "
         "government market election minister company report according police city council officials "
         "announced tuesday percent economy climate energy research university court investigation "
         "spokesperson statement quarter results growth talks budget strike protest summit delegation "
         "agreement parliament vote harbour festival railway museum league season drought harvest").split()
NAMES = "Lisbon Oslo Nairobi Lima Hanoi Quito Accra Tallinn Perth Bergen Porto Dakar Cusco Malmo".split()
# One entry in a hundred is news the rules of Config/rules.d/ watch for; real feeds raise few alerts.
WATCHED = ["North Korea fired a ballistic missile launch toward the sea, officials in Seoul said.",
           "Seoul weighs lethal aid to Ukraine as North Korean troops were deployed to Russia."]


def feed_body(index, items):
    """One feed of `items` entries (RSS 2.0, or Atom for every fifth), 1-3 KB of text per entry."""
    rnd = random.Random(index)
    atom = index % 5 == 0
    parts = []
    for i in range(items):
        title = " ".join(rnd.choice(WORDS + NAMES) for _ in range(rnd.randint(5, 11))).capitalize()
        words = [rnd.choice(WORDS if rnd.random() < 0.9 else NAMES) for _ in range(rnd.randint(150, 450))]
        watched = rnd.choice(WATCHED) if rnd.random() < 0.01 else ""
        text = ("<p>" + " ".join(words[:len(words) // 2]) + "</p><p>" + watched + " "
                + " ".join(words[len(words) // 2:]) + "</p>")
        day = 1 + (index + i) % 27
        link = f"https://news{index % 97}.example/{index}/{i}"
        if atom:
            parts.append(f"<entry><id>tag:example,2026:{index}-{i}</id><title>{title}</title>"
                         f"<link href=\"{link}\"/><updated>2026-11-{day:02d}T08:00:00Z</updated>"
                         f"<content type=\"html\"><![CDATA[{text}]]></content></entry>")
        else:
            parts.append(f"<item><guid>{link}</guid><title>{title}</title><link>{link}</link>"
                         f"<pubDate>{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][day % 7]}, {day:02d} Nov 2026 "
                         f"08:00:00 GMT</pubDate><description><![CDATA[{text}]]></description></item>")
    if atom:
        return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                f"<title>Feed {index}</title><id>tag:example,2026:{index}</id><updated>2026-11-27T08:00:00Z</updated>"
                + "".join(parts) + "</feed>").encode()
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
            f"<title>Feed {index}</title><link>https://news{index % 97}.example/</link>"
            + "".join(parts) + "</channel></rss>").encode()


def serve(feeds, hosts, items, port_file):
    """The feed servers (run in their own process, so that they share no interpreter lock with the peer)."""
    bodies = {}
    for i in range(feeds):
        raw = feed_body(i, items)
        bodies[f"/f/{i}.xml"] = (raw, gzip.compress(raw, 6), '"' + hashlib.sha1(raw).hexdigest()[:16] + '"')

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            entry = bodies.get(self.path)
            if entry is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            raw, packed, etag = entry
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            body = packed if "gzip" in (self.headers.get("Accept-Encoding") or "") else raw
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", "Fri, 27 Nov 2026 08:00:00 GMT")
            if body is packed:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer.daemon_threads = True
    http.server.ThreadingHTTPServer.request_queue_size = 256
    first = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = first.server_address[1]
    servers = [first] + [http.server.ThreadingHTTPServer((f"127.0.0.{h}", port), Handler) for h in range(2, hosts + 1)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    total = sum(len(b[1]) for b in bodies.values())
    with open(port_file, "w") as f:
        f.write(f"{port} {total}\n")
    threading.Event().wait()


def url(i, hosts, port):
    return f"http://127.0.0.{1 + i % hosts}:{port}/f/{i}.xml"


def newswatch_pass(binary, config):
    """`newswatch run --once`: wall and CPU seconds (user + system), from wait4's rusage."""
    start = time.monotonic()
    proc = subprocess.Popen([binary, "run", "--once", "--config", config],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"newswatch run --once failed:\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, err


def peer_pass(urls, hosts, state, feedparser):
    """The cron-style peer: 32 threads, 2 per host, conditional GETs, feedparser on every 200."""
    per_host = {h: threading.Semaphore(2) for h in range(1, hosts + 1)}
    entries = [0]
    lock = threading.Lock()

    def one(u):
        host = int(u.split("//127.0.0.")[1].split(":")[0])
        with per_host[host]:
            request = urllib.request.Request(u, headers={"Accept-Encoding": "gzip", "User-Agent": "peer"})
            if u in state["etag"]:
                request.add_header("If-None-Match", state["etag"][u])
            try:
                response = urllib.request.urlopen(request, timeout=30)
            except urllib.error.HTTPError as e:
                if e.code == 304:
                    return
                raise
            data = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                data = gzip.decompress(data)
            state["etag"][u] = response.headers.get("ETag")
        parsed = feedparser.parse(data)
        with lock:
            for e in parsed.entries:
                key = e.get("id") or e.get("link")
                if key not in state["seen"]:
                    state["seen"].add(key)
                    entries[0] += 1

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with concurrent.futures.ThreadPoolExecutor(32) as pool:
            list(pool.map(one, urls))
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, entries[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--items", type=int, default=30)
    ap.add_argument("--binary", help="newswatch binary (default: swift build -c release)")
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.feeds, args.hosts, args.items, args.serve)
        return

    feeds_oracle.reexec_in_venv()
    import feedparser  # noqa: E402 - available in the venv

    binary = args.binary
    if not binary:
        subprocess.check_call(["swift", "build", "-c", "release", "--product", "newswatch"], cwd=REPO,
                              stdout=subprocess.DEVNULL)
        bin_dir = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=REPO, text=True)
        binary = os.path.join(bin_dir.strip(), "newswatch")

    work = tempfile.mkdtemp(prefix="newswatch-fetch-bench.")
    port_file = os.path.join(work, "port")
    server = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve", port_file,
                               "--feeds", str(args.feeds), "--hosts", str(args.hosts), "--items", str(args.items)])
    try:
        while not os.path.exists(port_file) or not open(port_file).read().endswith("\n"):
            if server.poll() is not None:
                raise SystemExit("the feed server did not start")
            time.sleep(0.1)
        port, total = (int(x) for x in open(port_file).read().split())
        urls = [url(i, args.hosts, port) for i in range(args.feeds)]
        print(f"{args.feeds} feeds of {args.items} entries on {args.hosts} hosts, {total / 1e6:.1f} MB gzipped "
              f"({args.feeds * args.items} entries)")

        shutil.copytree(os.path.join(REPO, "Config", "rules.d"), os.path.join(work, "rules.d"))
        config = os.path.join(work, "newswatch.yml")
        with open(config, "w") as f:
            f.write("state_dir: var/lib\nrules: [rules.d/*.yml]\nlog_level: notice\n"
                    "alerts:\n  log: var/alerts.log\n  spool: var/spool\n"
                    "fetch:\n  interval: 15m\n  timeout: 60s\n  max_concurrent: 32\n  max_per_host: 2\n"
                    "backfill: 3650d\nfeeds:\n")
            for i, u in enumerate(urls):
                f.write(f"  - id: f{i}\n    url: {u}\n")

        results = {}
        for name in ("cold", "warm"):
            wall, cpu, log = newswatch_pass(binary, config)
            results[("newswatch", name)] = (wall, cpu)
            print(f"newswatch {name}: {wall:6.2f} s wall, {cpu:6.2f} s CPU, {args.feeds / wall:7.0f} feeds/s")
        alerts = sum(1 for _ in open(os.path.join(work, "var", "alerts.log"), encoding="utf-8"))
        print(f"           {alerts} alerts raised by the {len(os.listdir(os.path.join(work, 'rules.d')))} rule files of Config/")

        state = {"etag": {}, "seen": set()}
        for name in ("cold", "warm"):
            wall, cpu, entries = peer_pass(urls, args.hosts, state, feedparser)
            results[("peer", name)] = (wall, cpu)
            print(f"peer      {name}: {wall:6.2f} s wall, {cpu:6.2f} s CPU, {args.feeds / wall:7.0f} feeds/s"
                  f" ({entries} new entries)")

        for name in ("cold", "warm"):
            nw, peer = results[("newswatch", name)], results[("peer", name)]
            per_cpu = (f"{args.feeds * args.items / nw[1]:.0f} entries" if name == "cold" else f"{args.feeds / nw[1]:.0f} feeds")
            print(f"RESULT {name}: newswatch/peer speed {peer[0] / nw[0]:.2f}x wall, {peer[1] / nw[1]:.2f}x CPU "
                  f"(newswatch: {per_cpu} per CPU second)")
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
