#!/usr/bin/env python3
"""Compares newswatch's feed parser with Python feedparser, field by field.

    python3 Benchmarks/feeds_conformance.py [--bench PATH] [--examples N] [--only SUBSTR] [DIR...]

Without DIR, the corpus is the ~2,000 test feeds of feedparser's source distribution (downloaded
from PyPI into Benchmarks/.cache/, never committed). feedparser runs in-process from a venv in the
same cache; newswatch runs as one `feeds-bench --json` process over all files. Each file is "served"
at http://127.0.0.1:8097/tests/<path> (the base feedparser's own test server uses) with the
Content-Type its `Header:` comment declares, to both parsers.

Fields: entry count (per file), then per entry paired by position: title, link, id, date (published,
else updated, to the second, UTC) and text (content, else summary; feedparser's HTML reduced to text
the same way for both; white space normalized). A field counts only where at least one side has a
value. Prints agreement per field, then the disagreements by category with examples; the full list
goes to Benchmarks/.cache/conformance-report.txt.
"""
import argparse
import ast
import calendar
import collections
import glob
import html
import html.parser
import json
import os
import re
import subprocess
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import feeds_oracle  # noqa: E402

HEADER_RE = re.compile(rb"^Header:\s+([^:]+):(.+)$", re.MULTILINE)
BASE = "http://127.0.0.1:8097/tests/"
FIELDS = ["entries", "feed_title", "feed_link", "title", "link", "id", "id_fallback", "date", "text"]

# ---------------------------------------------------------------------------------------------
# HTML -> text for feedparser's values (newswatch does this itself).

RAW_TEXT = {"script", "style", "template", "noscript", "iframe", "object"}
BLOCK = set("""address article aside blockquote br caption center dd details dialog dir div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav ol option p pre
section summary table tbody td tfoot th thead title tr ul img body head html video audio picture source
track embed textarea select button input label""".split())


class _Stripper(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in RAW_TEXT:
            self.skip += 1
        elif tag in BLOCK:
            self.out.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in RAW_TEXT:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK:
            self.out.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_to_text(value):
    s = _Stripper()
    try:
        s.feed(value)
        s.close()
    except Exception:  # noqa: BLE001 - the oracle's own HTML may be anything
        return collapse(html.unescape(re.sub(r"<[^>]*>", " ", value)))
    return collapse("".join(s.out))


WS_RE = re.compile(r"[\s\u00a0\u200b\ufeff]+")


def collapse(value):
    return WS_RE.sub(" ", value or "").strip()


def detail_text(value, detail):
    """Plain text of a feedparser text construct."""
    if value is None:
        return ""
    kind = (detail or {}).get("type", "text/plain")
    if kind in ("text/html", "application/xhtml+xml"):
        return html_to_text(value)
    return collapse(value)


# ---------------------------------------------------------------------------------------------
# feedparser side

def fp_date(entry):
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)
        if value:
            return calendar.timegm(value)
    return None


def feedparser_view(feedparser, path, url, content_type):
    with open(path, "rb") as f:
        data = f.read()
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = feedparser.parse(data, response_headers=headers)
    entries = []
    for e in d.entries:
        if "content" in e and e.content:
            c = e.content[0]
            text = detail_text(c.get("value"), c)
        else:
            text = detail_text(e.get("summary"), e.get("summary_detail"))
        entries.append({
            "title": detail_text(e.get("title"), e.get("title_detail")),
            "link": (e.get("link") or "").strip(),
            "id": (dict.get(e, "id") or "").strip(),
            "date": fp_date(e),
            "text": text,
        })
    feed = d.get("feed", {})
    return {
        "feed_title": detail_text(feed.get("title"), feed.get("title_detail")),
        "feed_link": (feed.get("link") or "").strip(),
        "entries": entries,
        "bozo": bool(d.get("bozo")),
        "version": d.get("version", ""),
    }


# ---------------------------------------------------------------------------------------------
# newswatch side

def iso_to_epoch(value):
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$", value)
    if not m:
        return None
    y, mo, d, h, mi, s = map(int, m.groups())
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0))


def newswatch_views(bench, files):
    """Runs one feeds-bench --json process over all files; path -> view."""
    listing = os.path.join(feeds_oracle.CACHE, "conformance-list.tsv")
    with open(listing, "w", encoding="utf-8") as f:
        for path, url, content_type in files:
            f.write(f"{path}\t{url}\t{content_type or ''}\n")
    out = subprocess.run([bench, "--json", "--list", listing], capture_output=True, check=True).stdout
    views = {}
    for line in out.decode("utf-8").splitlines():
        obj = json.loads(line)
        entries = []
        for e in obj["entries"]:
            entries.append({
                "title": collapse(e["title"]),
                "link": e["link"] or "",
                "id": e["id"],
                "date": iso_to_epoch(e["published"]) or iso_to_epoch(e["updated"]),
                "text": collapse(e["text"]),
            })
        views[obj["input"]] = {
            "feed_title": collapse(obj["title"] or ""),
            "feed_link": obj["link"] or "",
            "entries": entries,
            "error": obj.get("error"),
            "format": obj.get("format"),
            "malformed": obj.get("malformed"),
        }
    return views


# ---------------------------------------------------------------------------------------------
# comparison

def categorize(field, nw, fp):
    """A short label for how two differing values differ."""
    if field == "date":
        if nw is None:
            return "newswatch has no date"
        if fp is None:
            return "feedparser has no date"
        delta = nw - fp
        if delta % 3600 == 0 or delta % 1800 == 0:
            return "off by whole hours (zone)"
        return "different instant"
    if not nw:
        return "newswatch empty"
    if not fp:
        return "feedparser empty"
    if field == "id" and nw.startswith("urn:newswatch:"):
        return "derived id vs feedparser id"
    if re.sub(r"\s", "", nw) == re.sub(r"\s", "", fp):
        return "white space only"
    if nw.lower() == fp.lower():
        return "case only"
    if field in ("link", "feed_link", "id"):
        if nw.rstrip("/") == fp.rstrip("/"):
            return "trailing slash"
        if fp.endswith(nw) or nw.endswith(fp):
            return "resolution (one is a suffix of the other)"
    if fp in nw:
        return "newswatch has more"
    if nw in fp:
        return "feedparser has more"
    return "other"


def equal(field, nw, fp):
    if field in ("title", "text", "feed_title"):
        return nw.replace("\u00a0", " ") == fp.replace("\u00a0", " ")
    return nw == fp


def date_strings(tests_dir):
    """The date strings of feedparser's own date tests (runtests.py's `date_tests`), read with ast."""
    path = os.path.join(tests_dir, "runtests.py")
    if not os.path.exists(path):
        return []
    tree = ast.parse(open(path, encoding="utf-8").read())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "date_tests" for t in node.targets):
            for value in node.value.values:
                for case in getattr(value, "elts", []):
                    if isinstance(case, ast.Tuple) and case.elts and isinstance(case.elts[0], ast.Constant):
                        if isinstance(case.elts[0].value, str) and case.elts[0].value.strip():
                            found.append(case.elts[0].value)
    return found


def compare_dates(bench, feedparser, strings):
    """FeedDate.parse against feedparser's date parsing: (agree, total, disagreements)."""
    from feedparser.datetimes import _parse_date
    listing = os.path.join(feeds_oracle.CACHE, "conformance-dates.txt")
    strings = [s for s in strings if "\n" not in s]
    with open(listing, "w", encoding="utf-8") as f:
        f.write("".join(s + "\n" for s in strings))
    ours = subprocess.run([bench, "--dates", listing], capture_output=True, text=True, check=True).stdout.splitlines()
    agree = 0
    problems = []
    for s, nw in zip(strings, ours):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fp = _parse_date(s)
        try:
            fp_epoch = calendar.timegm(fp) if fp else None
        except (ValueError, OverflowError):
            fp_epoch = None
        nw_epoch = iso_to_epoch(nw) if nw != "null" else None
        if nw_epoch == fp_epoch:
            agree += 1
        else:
            problems.append((s, nw, fp and f"{fp.tm_year:04d}-{fp.tm_mon:02d}-{fp.tm_mday:02d}T"
                             f"{fp.tm_hour:02d}:{fp.tm_min:02d}:{fp.tm_sec:02d}Z"))
    return agree, len(strings), problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*", help="corpus directories (default: feedparser's tests/)")
    ap.add_argument("--bench", help="feeds-bench binary (default: $FEEDS_BENCH or swift build -c release)")
    ap.add_argument("--examples", type=int, default=3, help="examples printed per category")
    ap.add_argument("--only", help="only files whose path contains this")
    ap.add_argument("--field", help="print only this field's disagreements")
    args = ap.parse_args()

    feeds_oracle.reexec_in_venv()
    import feedparser  # noqa: E402 - available in the venv

    dirs = args.dirs or [feeds_oracle.feedparser_tests_dir()]
    files = []
    for root in dirs:
        root = os.path.abspath(root)
        for path in sorted(glob.glob(os.path.join(root, "**", "*"), recursive=True)):
            if not os.path.isfile(path) or not re.search(r"\.(xml|rss|atom|rdf|json)$", path):
                continue
            if args.only and args.only not in path:
                continue
            rel = os.path.relpath(path, root)
            with open(path, "rb") as f:
                blob = f.read()
            headers = {k.decode("utf-8", "replace").strip().lower(): v.decode("utf-8", "replace").strip()
                       for k, v in HEADER_RE.findall(blob)}
            if "status" in headers and not headers["status"].startswith("2"):
                continue  # an HTTP-level test (redirects, 304, 404): no document to compare
            files.append((path, BASE + rel, headers.get("content-type")))
    if not files:
        raise SystemExit("no input files")

    bench = feeds_oracle.feeds_bench_binary(args.bench)
    feeds_oracle.log(f"newswatch: {len(files)} files through {bench}")
    nw_views = newswatch_views(bench, files)
    feeds_oracle.log(f"feedparser {feedparser.__version__}: {len(files)} files")

    agree = collections.Counter()
    total = collections.Counter()
    problems = collections.defaultdict(list)  # (field, category) -> [(path, nw, fp)]
    for path, url, content_type in files:
        fp = feedparser_view(feedparser, path, url, content_type)
        nw = nw_views.get(path) or {"feed_title": "", "feed_link": "", "entries": [], "error": "missing"}
        rel = os.path.relpath(path, os.path.dirname(dirs[0].rstrip("/")))

        def compare(field, a, b):
            if not a and not b and a != 0 and b != 0:
                return
            if field == "id" and not b:
                # feedparser has no id: newswatch's is then, by design, the link or a derived key.
                total["id (feedparser has none)"] += 1
                return
            total[field] += 1
            if equal(field, a, b):
                agree[field] += 1
            else:
                problems[(field, categorize(field, a, b))].append((rel, a, b))

        total["entries"] += 1
        if len(nw["entries"]) == len(fp["entries"]):
            agree["entries"] += 1
        else:
            label = "newswatch: " + nw["error"] if nw.get("error") else (
                "newswatch fewer" if len(nw["entries"]) < len(fp["entries"]) else "newswatch more")
            problems[("entries", label)].append((rel, len(nw["entries"]), len(fp["entries"])))
        compare("feed_title", nw["feed_title"], fp["feed_title"])
        compare("feed_link", nw["feed_link"], fp["feed_link"])
        for a, b in zip(nw["entries"], fp["entries"]):
            for field in ("title", "link", "id", "date", "text"):
                compare(field, a[field], b[field])
            if not b["id"] and b["link"]:
                # Identity fallback: without an id, newswatch's key is the entry's link.
                compare("id_fallback", a["id"], b["link"])

    dates_agree, dates_total, date_problems = 0, 0, []
    if not args.dirs:
        dates_agree, dates_total, date_problems = compare_dates(bench, feedparser, date_strings(dirs[0]))

    report_path = os.path.join(feeds_oracle.CACHE, "conformance-report.txt")

    def show(value):
        text = repr(value)
        return text if len(text) <= 160 else text[:157] + "..."

    with open(report_path, "w", encoding="utf-8") as report:
        for (field, category), items in sorted(problems.items()):
            report.write(f"== {field}: {category} ({len(items)})\n")
            for rel, a, b in items:
                report.write(f"  {rel}\n    newswatch:  {show(a)}\n    feedparser: {show(b)}\n")

    print(f"files: {len(files)}   feedparser {feedparser.__version__}")
    print(f"{'field':<12} {'agree':>7} {'of':>7} {'%':>7}")
    for field in FIELDS:
        if total[field]:
            print(f"{field:<12} {agree[field]:>7} {total[field]:>7} {100.0 * agree[field] / total[field]:>6.1f}%")
    if dates_total:
        print(f"{'date strings':<12} {dates_agree:>7} {dates_total:>7} {100.0 * dates_agree / dates_total:>6.1f}%"
              "   (feedparser's own date test strings, FeedDate.parse vs feedparser's _parse_date)")
    print(f"(id: where feedparser has one; id_fallback: newswatch's id against feedparser's link where "
          f"feedparser has no id; neither where feedparser has neither: "
          f"{total['id (feedparser has none)'] - total['id_fallback']})")
    print()
    print("disagreements by category:")
    for (field, category), items in sorted(problems.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
        if args.field and field != args.field:
            continue
        print(f"  {field}: {category}: {len(items)}")
        for rel, a, b in items[:args.examples]:
            print(f"      {rel}\n        newswatch:  {show(a)}\n        feedparser: {show(b)}")
    if date_problems and (not args.field or args.field == "date strings"):
        print("  date strings that disagree:")
        for text, nw, fp in date_problems:
            print(f"      {text!r}\n        newswatch:  {nw}\n        feedparser: {fp}")
    print(f"\nfull list: {report_path}")


if __name__ == "__main__":
    main()
