#!/usr/bin/env python3
"""Story detection benchmark (Sources/Stories): quality on a labelled set, cost against rule matching
at 10k rules, memory at 100,000 articles in the window. See Benchmarks/README.md, "Stories".

    python3 Benchmarks/stories_bench.py [--threshold 0.7,0.75,0.8] [--articles 1500] [--memory 100000] [--skip-cost]

The labelled set is made at run time from prose nobody here wrote for it and that is reachable without
the internet: the documentation in Django's source distribution (PyPI, BSD licence), downloaded to
Benchmarks/.cache/ (git-ignored; nothing of it is committed):

- distinct stories: sections of the topic guides and references (news-length: 4-10 paragraphs);
- republications of them, by transformation: headline rewritten, dateline, byline, paragraphs cut at the
  end or in the middle, adjacent paragraphs swapped, outlet boilerplate, typographic quotes, a word edited;
  another URL each;
- hard negatives: consecutive release notes of one release series (docs/releases, one release a day:
  the same-day releases of other series carry the same security texts and are left out), daily briefings
  from one template (five items each, one carried over from the day before), follow-ups (the next section
  of the same guide with a paragraph of the earlier one quoted as background).

Then runs `stories-bench --quality` on it, `stories-bench --cost` on the rules benchmark's corpus and rules
(`rules-bench --export`), and `stories-bench --memory`.
"""
import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)
CACHE = os.path.join(HERE, ".cache")
DJANGO = "django==5.1.4"

HEADING = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")


def django_docs():
    root = os.path.join(CACHE, "sdist")
    found = glob.glob(os.path.join(root, "[Dd]jango-*", "docs"))
    if found:
        return found[0]
    os.makedirs(root, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", DJANGO, "-d", root],
        check=True,
    )
    archive = glob.glob(os.path.join(root, "[Dd]jango-*.tar.gz"))[0]
    with tarfile.open(archive) as t:
        members = [m for m in t.getmembers() if "/docs/" in m.name and m.isfile()]
        t.extractall(root, members=members)
    return glob.glob(os.path.join(root, "[Dd]jango-*", "docs"))[0]


def inline(text):
    text = re.sub(r":[\w:.-]+:`~?!?([^`<]*?)\s*(<[^>]*>)?`", r"\1", text)
    text = re.sub(r"``([^`]*)``", r"\1", text)
    text = re.sub(r"`([^`<]*?)\s*(<[^>]*>)?`_*", r"\1", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
    text = re.sub(r"\*([^*]+)\*", r"\1", text)
    text = text.replace("::", ":")
    return re.sub(r"\s+", " ", text).strip()


def sections(path):
    """(heading, [paragraph]) of an rst file: prose only (no directives, literal blocks or tables)."""
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    result = []
    heading = None
    paragraphs = []
    current = []
    skip_indent = None

    def flush():
        if current:
            paragraph = inline(" ".join(current))
            if paragraph:
                paragraphs.append(paragraph)
            current.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None:
            if stripped == "" or indent > skip_indent:
                i += 1
                continue
            skip_indent = None
        if i + 1 < len(lines) and stripped and HEADING.match(lines[i + 1]) and not HEADING.match(line):
            flush()
            if heading is not None:
                result.append((heading, paragraphs))
            heading = inline(stripped)
            paragraphs = []
            i += 2
            continue
        if HEADING.match(line):
            i += 1
            continue
        if stripped.startswith(".. ") or stripped.startswith("|") or stripped.startswith("+--"):
            flush()
            skip_indent = indent
            i += 1
            continue
        if stripped == "":
            flush()
            i += 1
            continue
        if re.match(r"^([*\-]|\d+\.|#\.)\s", stripped):
            flush()
            stripped = re.sub(r"^([*\-]|\d+\.|#\.)\s+", "", stripped)
        current.append(stripped)
        if stripped.endswith("::"):
            flush()
            skip_indent = indent
        i += 1
    flush()
    if heading is not None:
        result.append((heading, paragraphs))
    return result


def prose(paragraphs):
    return [p for p in paragraphs if len(p.split()) >= 8]


NAMES = ["Jane Doe", "Min-ji Park", "Carlos Ruiz", "Anna Kowalska", "Tom Becker", "Aiko Tanaka", "Omar Haddad"]
ROLES = ["Staff Reporter", "Technology Correspondent", "Associated Wire", "for The Example Herald"]
DATELINES = ["SAN FRANCISCO (Tech Wire) - ", "LAWRENCE, Kansas, March 3 (Newswire) - ", "BERLIN (dpa-Tech) - "]
BOILERPLATE = [
    "This article was originally published by Django Weekly and is republished with permission.",
    "Sign up for our developer newsletter to get stories like this in your inbox every morning.",
    "Copyright 2026 The Example Herald. All rights reserved. This material may not be redistributed.",
    "Reporting by Jane Doe; Editing by Tom Becker",
    "Related: Ten things to know before you upgrade your web framework",
    "Follow us on social media for the latest updates.",
]
EDITS = [("the", "this"), ("is", "remains"), ("can", "may"), ("use", "employ"), ("and", "as well as")]


def republish(rng, title, paragraphs):
    """A republication of (title, paragraphs) with some of the transformations real outlets make."""
    p = list(paragraphs)
    changes = []
    if rng.random() < 0.7:
        words = p[0].split()
        title = rng.choice(
            [
                title + ": what you need to know",
                " ".join(words[: rng.randint(6, 10)]).rstrip(",.;:"),
                "Explained: " + title.lower(),
            ]
        )
        changes.append("headline")
    if rng.random() < 0.5 and len(p) >= 4:
        p = p[: max(2, round(len(p) * rng.uniform(0.5, 0.9)))]
        changes.append("cut end")
    if rng.random() < 0.3 and len(p) >= 4:
        del p[rng.randint(1, len(p) - 2)]
        changes.append("cut middle")
    if rng.random() < 0.3 and len(p) >= 4:
        k = rng.randint(1, len(p) - 2)
        p[k], p[k + 1] = p[k + 1], p[k]
        changes.append("reordered")
    if rng.random() < 0.3:
        k = rng.randrange(len(p))
        for a, b in rng.sample(EDITS, 2):
            p[k] = re.sub(r"\b%s\b" % a, b, p[k], count=1)
        changes.append("edited")
    if rng.random() < 0.3:
        p = [re.sub(r'"([^"]*)"', "\u201c\\1\u201d", x).replace("'", "\u2019") for x in p]
        changes.append("typography")
    if rng.random() < 0.4:
        p[0] = rng.choice(DATELINES) + p[0]
        changes.append("dateline")
    if rng.random() < 0.5:
        p.insert(0, "By %s, %s" % (rng.choice(NAMES), rng.choice(ROLES)))
        changes.append("byline")
    if rng.random() < 0.6 or not changes:
        p += rng.sample(BOILERPLATE, rng.randint(1, 2))
        changes.append("boilerplate")
    return title, p, changes


def release_series(docs):
    """Release notes by series (4.2, 4.1, ...), in version order, one release a day."""
    by_series = {}
    dates_seen = set()
    files = glob.glob(os.path.join(docs, "releases", "*.txt"))

    def version(path):
        name = os.path.basename(path)[:-4]
        parts = name.split(".")
        if not all(x.isdigit() for x in parts):
            return None
        return tuple(int(x) for x in parts)

    for path in sorted((f for f in files if version(f)), key=version):
        v = version(path)
        if len(v) < 3:
            continue
        raw = open(path, encoding="utf-8", errors="replace").read()
        m = re.search(r"^\*([A-Z][a-z]+ \d+, \d{4})\*", raw, re.M)
        date = m.group(1) if m else path
        if date in dates_seen:
            continue
        dates_seen.add(date)
        paragraphs = [p for _, ps in sections(path) for p in ps if len(p.split()) >= 4]
        if len(paragraphs) < 2:
            continue
        by_series.setdefault(v[:2], []).append(("Django %s release notes" % ".".join(map(str, v)), paragraphs))
    return by_series


def build(docs, articles, seed):
    rng = random.Random(seed)
    guides = []
    for sub in ["topics", "ref", "howto", "intro", "faq", "internals", "misc"]:
        for path in sorted(glob.glob(os.path.join(docs, sub, "**", "*.txt"), recursive=True)):
            usable = [(h, prose(ps)[:10]) for h, ps in sections(path)]
            usable = [(h, ps) for h, ps in usable if len(ps) >= 4]
            if usable:
                guides.append(usable)
    rng.shuffle(guides)
    records = []
    pending = []  # republications waiting for their place in the stream

    def add(record):
        records.append(record)
        return len(records) - 1

    def drain(force=False):
        keep = []
        for due, item in pending:
            if force or due <= len(records):
                title, paragraphs, original, changes = item
                add(
                    {
                        "group": records[original]["group"],
                        "kind": "republication",
                        "title": title,
                        "text": "\n\n".join(paragraphs),
                        "url": "https://mirror%d.example/%d" % (rng.randint(1, 9), len(records)),
                        "original": original,
                        "changes": changes,
                    }
                )
            else:
                keep.append((due, item))
        pending[:] = keep

    group = 0
    count = 0
    for sections_of_guide in guides:
        if count >= articles:
            break
        previous = None
        for heading, paragraphs in sections_of_guide[:8]:
            if count >= articles:
                break
            group += 1
            count += 1
            kind = "article"
            text_paragraphs = paragraphs
            against = []
            if previous is not None and rng.random() < 0.4:
                # A follow-up: the next section, with a paragraph of the earlier one quoted as background.
                prev_index, prev_paragraphs = previous
                quoted = rng.choice(prev_paragraphs[:3])
                text_paragraphs = paragraphs[:2] + [quoted] + paragraphs[2:]
                kind = "follow-up"
                against = [prev_index]
            index = add(
                {
                    "group": group,
                    "kind": kind,
                    "title": heading,
                    "text": "\n\n".join(text_paragraphs),
                    "url": "https://docs.example/%d" % group,
                    "against": against,
                }
            )
            previous = (index, text_paragraphs)
            title, republished, changes = republish(rng, heading, text_paragraphs)
            pending.append((len(records) + rng.randint(1, 40), (title, republished, index, changes)))
            drain()
    # Release notes: each against the one before it in its series.
    for series, releases in sorted(release_series(docs).items()):
        previous = None
        for title, paragraphs in releases:
            group += 1
            index = add(
                {
                    "group": group,
                    "kind": "release",
                    "title": title,
                    "text": "\n\n".join(paragraphs),
                    "url": "https://docs.example/releases/%d" % group,
                    "against": [previous] if previous is not None else [],
                }
            )
            previous = index
            drain()
    # Daily briefings from one template.
    pool = [(h, ps[0]) for g in guides for h, ps in g]
    rng.shuffle(pool)
    previous = None
    carried = None
    for day in range(60):
        items = [pool[(day * 5 + k) % len(pool)] for k in range(5)]
        if carried is not None:
            items[0] = carried
        carried = items[rng.randint(1, 4)]
        date = "Day %d of the year" % (day + 100)
        intro = (
            "Good morning. This is the Framework Weekly digest for %s. Here are the stories developers are "
            "reading today, picked by our editors from the documentation, the forum and the mailing lists." % date
        )
        outro = (
            "That is all for today. You receive this digest because you subscribed at digest.example; reply to "
            "this email to send us feedback, or unsubscribe at any time."
        )
        body = [intro] + ["%s: %s" % (h, " ".join(p.split()[:25])) for h, p in items] + [outro]
        group += 1
        index = add(
            {
                "group": group,
                "kind": "briefing",
                "title": "Morning digest: %s" % items[0][0],
                "text": "\n\n".join(body),
                "url": "https://digest.example/%d" % day,
                "against": [previous] if previous is not None else [],
            }
        )
        previous = index
        drain()
    drain(force=True)
    return records


def run(cmd):
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", default="0.7,0.75,0.8")
    ap.add_argument("--articles", type=int, default=1500)
    ap.add_argument("--memory", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--skip-cost", action="store_true")
    args = ap.parse_args()
    os.makedirs(CACHE, exist_ok=True)
    docs = django_docs()
    records = build(docs, args.articles, args.seed)
    labelled = os.path.join(CACHE, "stories-labelled.jsonl")
    with open(labelled, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    kinds = {}
    for r in records:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print("labelled set: %d records %s -> %s" % (len(records), kinds, labelled))
    run(["swift", "build", "-c", "release", "--package-path", PACKAGE, "--product", "stories-bench"])
    run(["swift", "build", "-c", "release", "--package-path", PACKAGE, "--product", "rules-bench"])
    bin_path = subprocess.run(
        ["swift", "build", "-c", "release", "--package-path", PACKAGE, "--show-bin-path"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    bench = os.path.join(bin_path, "stories-bench")
    for threshold in args.threshold.split(","):
        run([bench, "--quality", labelled, "--threshold", threshold])
    corpus = os.path.join(CACHE, "rules-corpus")
    if not os.path.exists(os.path.join(corpus, "rules-10000.yml")):
        run([os.path.join(bin_path, "rules-bench"), "--sizes", "10000", "--seconds", "0.2", "--export", corpus])
    if not args.skip_cost:
        run([bench, "--cost", corpus])
    if args.memory:
        run([bench, "--memory", str(args.memory), "--cost", corpus])


if __name__ == "__main__":
    main()
