#!/usr/bin/env python3
"""A simulated day of 10,000 feeds on loopback (README "Polite fetching"): `newswatch run` as a service
against feed servers on 127.0.0.1..127.0.0.HOSTS, with the time compressed (every feed due each
`--interval`, 60 s by default, for `--minutes`).

    python3 Benchmarks/scale_bench.py [--feeds 10000] [--hosts 50] [--interval 60] [--minutes 5] [--binary PATH]

The servers (one asyncio process, HTTP/1.1 with keep-alive) behave like the web does, per feed and
deterministically:

- 88% answer at once: 304 to a conditional request, or 200 with a new version (8 entries, one new)
  every 5 minutes or so, with ETag and Last-Modified;
- 4% are slow (5-15 s), 1% hang past fetch.timeout (40 s), 3% fail (500 or 404), 2% are rate-limited
  (429 with Retry-After: 300), 1% close the connection without an answer;
- host 127.0.0.2 serves only fast feeds and, one in ten, slow ones (8 s): the fast ones must not wait
  for their slow neighbours.

Printed: requests served per second and their mix, newswatch's CPU (user + system over wall time, and
the busiest 10 s), peak and final memory (RSS), alerts raised, and how late the fast feeds of the mixed
host were fetched (gap between two fetches past the interval). Nothing here is a peer comparison: the
figures are the service's own, on this machine.
"""
import argparse
import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
WORDS = ("the of and to in a is that for it as was with be by on not this are or from at which but "
         "government market election minister company report according police city council officials "
         "announced tuesday percent economy climate energy research university court investigation "
         "statement quarter results growth talks budget strike protest summit delegation agreement").split()
WATCHED = ["North Korea fired a ballistic missile launch toward the sea, officials in Seoul said.",
           "Seoul weighs lethal aid to Ukraine as North Korean troops were deployed to Russia."]
CHANGE_PERIOD = 300


def kind(index, hosts):
    """What feed `index` does: fast, slow, hang, fail, missing, limited, reset; on the mixed host 2,
    slow or fast only."""
    if 1 + index % hosts == 2:
        return "slow8" if (index // hosts) % 10 == 0 else "fast"
    r = random.Random(index * 7919).random()
    for limit, name in ((0.04, "slow"), (0.05, "hang"), (0.07, "fail"), (0.08, "missing"), (0.10, "limited"),
                        (0.11, "reset")):
        if r < limit:
            return name
    return "fast"


def item(index, k):
    rnd = random.Random(index * 1_000_003 + k)
    title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 10))).capitalize()
    words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(80, 250)))
    watched = rnd.choice(WATCHED) + " " if rnd.random() < 0.02 else ""
    link = f"https://news{index % 97}.example/{index}/{k}"
    return (f"<item><guid>{link}</guid><title>{title}</title><link>{link}</link>"
            f"<description><![CDATA[<p>{watched}{words}</p>]]></description></item>")


def body(index, version):
    items = "".join(item(index, k) for k in range(version + 7, version - 1, -1))
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
            f"<title>Feed {index}</title><link>https://news{index % 97}.example/</link>{items}</channel></rss>").encode()


def serve(args, port_file, log_file):
    """The servers: every request is logged as `time index status` when the day ends (SIGTERM)."""
    log = []
    start = time.time()

    async def handle(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
                try:
                    index = int(path.split("/")[2].split(".")[0])
                except (IndexError, ValueError):
                    index = -1
                what = kind(index, args.hosts) if 0 <= index < args.feeds else "missing"
                now = time.time()
                if what == "reset":
                    log.append((now, index, 0))
                    writer.close()
                    return
                if what in ("slow", "slow8", "hang"):
                    delay = {"slow": 5 + random.Random(index).random() * 10, "slow8": 8, "hang": 40}[what]
                    await asyncio.sleep(delay)
                if what == "fail":
                    status, extra, payload = 500, [], b"error"
                elif what == "missing":
                    status, extra, payload = 404, [], b"not found"
                elif what == "limited":
                    status, extra, payload = 429, ["Retry-After: 300"], b"slow down"
                else:
                    version = int((now - start + (index % CHANGE_PERIOD)) // CHANGE_PERIOD)
                    etag = f'"{index}-{version}"'
                    if headers.get("if-none-match") == etag:
                        status, extra, payload = 304, [f"ETag: {etag}"], b""
                    else:
                        status, extra, payload = 200, [f"ETag: {etag}", "Content-Type: application/rss+xml"], body(
                            index, version)
                log.append((time.time(), index, status))
                response = [f"HTTP/1.1 {status} X", f"Content-Length: {len(payload)}"] + extra
                writer.write(("\r\n".join(response) + "\r\n\r\n").encode() + payload)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def main():
        first = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port = first.sockets[0].getsockname()[1]
        for h in range(2, args.hosts + 1):
            await asyncio.start_server(handle, f"127.0.0.{h}", port, backlog=1024)
        with open(port_file, "w") as f:
            f.write(f"{port}\n")
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()
        with open(log_file, "w") as f:
            for t, i, s in log:
                f.write(f"{t:.3f} {i} {s}\n")

    asyncio.run(main())


def sample(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    rss = hwm = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) // 1024
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) // 1024
    return cpu, rss, hwm


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=10000)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--interval", type=int, default=60)
    ap.add_argument("--minutes", type=float, default=5)
    ap.add_argument("--max-concurrent", type=int, default=32, help="fetch.max_concurrent (default 32)")
    ap.add_argument("--binary", help="newswatch binary (default: swift build -c release)")
    ap.add_argument("--config", action="append", default=[], metavar="LINE",
                    help="a top-level config line to add, like 'story: off' (repeatable)")
    ap.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args, *args.serve)
        return
    binary = args.binary
    if not binary:
        subprocess.run(["swift", "build", "-c", "release", "--product", "newswatch"], cwd=REPO, check=True)
        binary = os.path.join(REPO, ".build", "release", "newswatch")
    work = tempfile.mkdtemp(prefix="newswatch-scale-")
    try:
        port_file, log_file = os.path.join(work, "port"), os.path.join(work, "requests")
        server = subprocess.Popen([sys.executable, __file__, "--feeds", str(args.feeds), "--hosts", str(args.hosts),
                                   "--serve", port_file, log_file])
        while not os.path.exists(port_file) or not open(port_file).read().endswith("\n"):
            time.sleep(0.1)
        port = int(open(port_file).read())
        os.makedirs(os.path.join(work, "etc"))
        shutil.copytree(os.path.join(REPO, "Config", "rules.d"), os.path.join(work, "etc", "rules.d"))
        feeds = "".join(f"  - id: f{i}\n    url: http://127.0.0.{1 + i % args.hosts}:{port}/f/{i}.xml\n"
                        for i in range(args.feeds))
        config = os.path.join(work, "etc", "newswatch.yml")
        with open(config, "w") as f:
            f.write(f"""state_dir: ../var/lib
rules: [rules.d/*.yml]
log_level: warning
alerts:
  log: ../var/log/alerts.log
  spool: ../var/spool
fetch:
  interval: {args.interval}s
  timeout: 30s
  max_concurrent: {args.max_concurrent}
  max_per_host: 2
  article: never
backfill: 3650d
{chr(10).join(args.config)}
feeds:
{feeds}""")
        start = time.monotonic()
        proc = subprocess.Popen([binary, "run", "--config", config], stdout=subprocess.DEVNULL,
                                stderr=open(os.path.join(work, "service.log"), "w"))
        samples = []
        while time.monotonic() - start < args.minutes * 60:
            time.sleep(10)
            samples.append((time.monotonic(), *sample(proc.pid)))
        wall = time.monotonic() - start
        cpu, rss, hwm = sample(proc.pid)
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
        server.send_signal(signal.SIGTERM)
        server.wait(60)
        requests = [line.split() for line in open(log_file)]
        statuses = {}
        for _, _, s in requests:
            statuses[s] = statuses.get(s, 0) + 1
        alerts = sum(1 for _ in open(os.path.join(work, "var", "log", "alerts.log"))) if os.path.exists(
            os.path.join(work, "var", "log", "alerts.log")) else 0
        busiest = max(((c2 - c1) / (t2 - t1) for (t1, c1, _, _), (t2, c2, _, _) in zip(samples, samples[1:])),
                      default=0)
        # Fast feeds of the mixed host: the largest gap between two of their fetches past the interval,
        # after the first cycle (the start is spread over the interval).
        by_feed = {}
        first_time = float(requests[0][0]) if requests else 0
        for t, i, s in requests:
            i = int(i)
            if i >= 0 and 1 + i % args.hosts == 2 and kind(i, args.hosts) == "fast":
                by_feed.setdefault(i, []).append(float(t))
        late = [b - a - args.interval for times in by_feed.values() for a, b in zip(times, times[1:])
                if a - first_time > args.interval]
        print(f"{args.feeds} feeds on {args.hosts} hosts, interval {args.interval}s, max_concurrent "
              f"{args.max_concurrent}, {wall:.0f} s of service")
        print(f"requests served: {len(requests)} ({len(requests) / wall:.1f}/s); by status: "
              + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
        print(f"newswatch CPU: {cpu:.1f} s = {100 * cpu / wall:.1f}% of one core on average, "
              f"{100 * busiest:.1f}% in the busiest 10 s")
        print(f"memory: peak RSS {hwm} MB, at the end {rss} MB; alerts raised: {alerts}")
        if late:
            late.sort()
            print(f"fast feeds on the mixed host (slow neighbours): {len(late)} gaps, median lateness "
                  f"{late[len(late) // 2]:.1f} s, worst {late[-1]:.1f} s past the interval")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
