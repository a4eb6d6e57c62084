#!/usr/bin/env python3
"""Writes a synthetic corpus of large, realistic feeds for feeds_bench.py (deterministic).

    python3 Benchmarks/feeds_corpus.py [--out DIR] [--count 50] [--seed 1]

Default output: Benchmarks/.cache/corpus/ (git-ignored). 50 feeds of 0.5-5 MB mixing RSS 2.0 with
content:encoded HTML (CDATA and escaped), Atom 1.0 with xhtml and html content and xml:base, RSS 1.0
(RDF) with dc/content modules, RSS 0.91, and JSON Feed 1.1; HTML5 named entities, numeric references,
CDATA, multi-script text (Latin with diacritics, Cyrillic, Greek, CJK, Arabic, emoji) and article
bodies with paragraphs, links, images, lists, quotes, tables and the odd script/style block.

Synthetic because this machine has no internet access beyond PyPI: no real feeds can be fetched.
The generator reproduces the structure and byte mix of large real-world feeds instead.
"""
import argparse
import json
import os
import random
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import feeds_oracle  # noqa: E402

LATIN = ("the of and to in a is that for it as was with be by on not he this are or his from at which "
         "but have an they you were her she there been one all we their has would when if so what no "
         "government market election minister company report according police city council police "
         "officials announced tuesday percent economy climate energy research university court "
         "investigation president spokesperson statement quarter results growth").split()
ACCENTED = "café naïve résumé façade über straße São Paulo Zürich Kraków Ærøskøbing Dvořák Łódź señor".split()
CYRILLIC = "правительство заявил министр выборы компания рынок город суд президент энергия".split()
GREEK = "κυβέρνηση υπουργός εκλογές εταιρεία αγορά πόλη δικαστήριο πρόεδρος".split()
CJK = "政府 市场 选举 公司 经济 气候 能源 研究 大学 法院 総理大臣 東京 株式会社 発表 경제 정부 대통령".split()
ARABIC = "الحكومة الوزير الانتخابات الشركة السوق المدينة".split()
EMOJI = ["🚀", "📈", "🌍", "⚡", "✅"]
ENTITIES = ["&rsquo;", "&ldquo;", "&rdquo;", "&mdash;", "&ndash;", "&hellip;", "&nbsp;", "&eacute;",
            "&copy;", "&euro;", "&#8217;", "&#x2014;", "&amp;", "&lt;", "&gt;", "&quot;"]
ZONES = ["+0000", "GMT", "-0500", "EST", "PDT", "+0200", "CEST", "+0530", "Z", "-0800"]
DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


class Writer:
    def __init__(self, rng):
        self.r = rng

    def word(self):
        r = self.r.random()
        if r < 0.86:
            return self.r.choice(LATIN)
        if r < 0.90:
            return self.r.choice(ACCENTED)
        if r < 0.93:
            return self.r.choice(CYRILLIC)
        if r < 0.95:
            return self.r.choice(GREEK)
        if r < 0.98:
            return self.r.choice(CJK)
        if r < 0.99:
            return self.r.choice(ARABIC)
        return self.r.choice(EMOJI)

    def sentence(self, lo=6, hi=22):
        words = [self.word() for _ in range(self.r.randint(lo, hi))]
        words[0] = words[0].capitalize()
        return " ".join(words) + self.r.choice([".", ".", ".", "?", "!"])

    def html_sentence(self):
        """A sentence with inline markup and entity references (HTML source)."""
        parts = []
        for w in self.sentence().split(" "):
            r = self.r.random()
            w = escape(w)
            if r < 0.03:
                w = f'<a href="https://news.example.com/{self.r.randint(1, 99999)}/story?ref=rss&amp;x=1">{w}</a>'
            elif r < 0.05:
                w = f"<em>{w}</em>"
            elif r < 0.06:
                w = f"<strong>{w}</strong>"
            elif r < 0.09:
                w = w + self.r.choice(ENTITIES)
            parts.append(w)
        return " ".join(parts)

    def article(self):
        """An article body in HTML, 1-12 KB."""
        blocks = []
        for _ in range(self.r.randint(3, 14)):
            r = self.r.random()
            if r < 0.70:
                blocks.append("<p>" + " ".join(self.html_sentence() for _ in range(self.r.randint(2, 6))) + "</p>")
            elif r < 0.78:
                n = self.r.randint(1, 9999)
                blocks.append(f'<figure><img src="https://cdn.example.com/img/{n}.jpg" alt="{escape(self.sentence(3, 6))}" '
                              f'width="640" height="360"/><figcaption>{self.html_sentence()}</figcaption></figure>')
            elif r < 0.84:
                blocks.append("<ul>" + "".join(f"<li>{self.html_sentence()}</li>" for _ in range(self.r.randint(2, 5))) + "</ul>")
            elif r < 0.89:
                blocks.append(f"<blockquote><p>{self.html_sentence()}</p></blockquote>")
            elif r < 0.93:
                rows = "".join(f"<tr><td>{self.word()}</td><td>{self.r.randint(1, 999)}.{self.r.randint(0, 99)}%</td></tr>"
                               for _ in range(self.r.randint(2, 6)))
                blocks.append(f"<table><tbody>{rows}</tbody></table>")
            elif r < 0.96:
                blocks.append(f"<h2>{self.html_sentence()}</h2>")
            elif r < 0.98:
                blocks.append('<script type="text/javascript">window.dataLayer = window.dataLayer || []; '
                              'if (a < b && c > d) { track("view"); }</script>')
            else:
                blocks.append("<style>.ad { display: none; } p > a { color: #333; }</style>")
        return "\n".join(blocks)

    def xhtml_article(self):
        """The same shape as well-formed XHTML (only XML's predefined entities)."""
        blocks = []
        for _ in range(self.r.randint(3, 12)):
            sentences = " ".join(escape(self.sentence()) for _ in range(self.r.randint(2, 6)))
            if self.r.random() < 0.2:
                sentences += f' <a href="/story/{self.r.randint(1, 99999)}">more</a>'
            blocks.append(f"<p>{sentences}</p>")
        return "".join(blocks)

    def rfc822(self):
        r = self.r
        day = r.randint(1, 28)
        return (f"{r.choice(DAYS)}, {day:02d} {r.choice(MONTHS)} {r.randint(2015, 2026)} "
                f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} {r.choice(ZONES)}")

    def iso(self):
        r = self.r
        zone = r.choice(["Z", "+01:00", "-05:00", "+09:00"])
        return (f"{r.randint(2015, 2026)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T"
                f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}{zone}")


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rss2(w, target):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n'
           f"<title>{escape(w.sentence(3, 6))}</title>\n<link>https://news.example.com/</link>\n"
           f"<description>{escape(w.sentence())}</description>\n"
           '<atom:link href="https://news.example.com/feed/" rel="self" type="application/rss+xml"/>\n']
    size = sum(map(len, out))
    n = 0
    while size < target:
        n += 1
        body = w.article()
        teaser = w.html_sentence()
        escaped_body = w.r.random() < 0.3
        item = (f"<item>\n<title>{escape(w.sentence(5, 12))}</title>\n"
                f"<link>https://news.example.com/{2020 + n % 6}/{n}/story-{n}/</link>\n"
                f'<guid isPermaLink="false">https://news.example.com/?p={n * 7}</guid>\n'
                f"<pubDate>{w.rfc822()}</pubDate>\n<dc:creator>{cdata(w.sentence(2, 3))}</dc:creator>\n"
                + "".join(f"<category>{cdata(w.word())}</category>" for _ in range(w.r.randint(1, 4)))
                + f"\n<description>{cdata(teaser) if not escaped_body else escape(teaser)}</description>\n"
                f"<content:encoded>{escape(body) if escaped_body else cdata(body)}</content:encoded>\n"
                f'<media:content url="https://cdn.example.com/{n}.jpg" medium="image"/>\n</item>\n')
        out.append(item)
        size += len(item.encode())
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def atom(w, target):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
           'xml:base="https://blog.example.org/">\n'
           f'<title type="text">{escape(w.sentence(3, 6))}</title>\n<id>tag:blog.example.org,2024:feed</id>\n'
           f'<link rel="alternate" type="text/html" href="/"/>\n<link rel="self" href="/atom.xml"/>\n'
           f"<updated>{w.iso()}</updated>\n"]
    size = sum(map(len, out))
    n = 0
    while size < target:
        n += 1
        if w.r.random() < 0.5:
            content = f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{w.xhtml_article()}</div></content>'
        else:
            content = f'<content type="html">{escape(w.article())}</content>'
        entry = (f'<entry xml:base="/posts/{n}/">\n<title type="html">{escape(w.html_sentence())}</title>\n'
                 f'<link rel="alternate" type="text/html" href="post-{n}.html"/>\n'
                 f'<link rel="replies" href="comments"/>\n<id>tag:blog.example.org,2024:post-{n}</id>\n'
                 f"<published>{w.iso()}</published>\n<updated>{w.iso()}</updated>\n"
                 f"<author><name>{escape(w.sentence(2, 3))}</name></author>\n"
                 f'<category term="{escape(w.word())}"/>\n'
                 f'<summary type="html">{escape(w.html_sentence())}</summary>\n{content}\n</entry>\n')
        out.append(entry)
        size += len(entry.encode())
    out.append("</feed>\n")
    return "".join(out)


def rdf(w, target):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">\n'
           f'<channel rdf:about="https://science.example.net/">\n<title>{escape(w.sentence(3, 6))}</title>\n'
           "<link>https://science.example.net/</link>\n<sy:updatePeriod>hourly</sy:updatePeriod>\n</channel>\n"]
    size = sum(map(len, out))
    n = 0
    while size < target:
        n += 1
        item = (f'<item rdf:about="https://science.example.net/a/{n}">\n<title>{escape(w.sentence(5, 12))}</title>\n'
                f"<link>https://science.example.net/a/{n}</link>\n<dc:date>{w.iso()}</dc:date>\n"
                f"<dc:creator>{escape(w.sentence(2, 3))}</dc:creator>\n<dc:subject>{escape(w.word())}</dc:subject>\n"
                f"<description>{escape(w.html_sentence())}</description>\n"
                f"<content:encoded>{cdata(w.article())}</content:encoded>\n</item>\n")
        out.append(item)
        size += len(item.encode())
    out.append("</rdf:RDF>\n")
    return "".join(out)


def rss091(w, target):
    out = ['<?xml version="1.0" encoding="ISO-8859-1"?>\n'
           '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
           '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">\n<channel>\n'
           "<title>Old &amp; Gold</title>\n<link>http://old.example.com/</link>\n<language>en</language>\n"]
    size = sum(map(len, out))
    n = 0
    while size < target:
        n += 1
        # Latin-1 bytes: keep to latin text (the declaration is honoured when bytes are not UTF-8).
        text = " ".join(" ".join(x for x in w.sentence().split() if all(ord(c) < 256 for c in x)) for _ in range(20))
        item = (f"<item>\n<title>{escape(w.sentence(4, 10).encode('latin-1', 'ignore').decode('latin-1'))}</title>\n"
                f"<link>http://old.example.com/story/{n}.html</link>\n"
                f"<description>{escape('<p>' + text + '</p>')}&amp;nbsp;&#169;</description>\n</item>\n")
        out.append(item)
        size += len(item.encode("latin-1", "ignore"))
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode("latin-1", "ignore")


def jsonfeed(w, target):
    items = []
    size = 0
    n = 0
    while size < target:
        n += 1
        item = {"id": f"https://micro.example.com/{n}", "url": f"https://micro.example.com/{n}",
                "title": w.sentence(4, 10), "content_html": w.article(), "summary": w.sentence(),
                "date_published": w.iso(), "authors": [{"name": w.sentence(2, 3)}],
                "tags": [w.word() for _ in range(w.r.randint(0, 3))]}
        items.append(item)
        size += len(json.dumps(item, ensure_ascii=False).encode())
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": w.sentence(3, 5),
                       "home_page_url": "https://micro.example.com/", "items": items}, ensure_ascii=False, indent=1)


KINDS = [("rss2", "xml", rss2), ("atom", "xml", atom), ("rdf", "rdf", rdf), ("rss2", "xml", rss2),
         ("json", "json", jsonfeed), ("rss091", "xml", rss091)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(feeds_oracle.CACHE, "corpus"))
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    total = 0
    for i in range(args.count):
        name, ext, make = KINDS[i % len(KINDS)]
        target = int(500_000 * (10 ** rng.random()))  # 0.5-5 MB, log-uniform
        text = make(Writer(random.Random(rng.random())), target)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with open(os.path.join(args.out, f"{i:02d}-{name}.{ext}"), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"wrote {args.count} feeds, {total / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
