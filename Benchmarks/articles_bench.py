#!/usr/bin/env python3
"""Article extraction: quality (shingle F1) and speed of `newswatch extract` next to trafilatura.

    python3 Benchmarks/articles_bench.py [--bin .build/release/newswatch] [--repeat 10] [--cpu N] [--show-worst 5]

The dev set is made at run time, nothing of it is committed (see Benchmarks/README.md, "Articles"):
  * the test pages with their expected text from newspaper4k's source distribution (MIT licence),
    downloaded once with `pip download --no-binary :all:` into Benchmarks/.cache/ (git-ignored);
  * pages written here in Korean, Russian and Arabic, each wrapped in navigation,
    a cookie banner, a share bar, related links and comments, with their article text as the truth.

Quality: each page's text and its truth become sets of 4-token shingles (NFKC, case-folded; words, or
single characters in scripts written without spaces); precision and recall per page, each averaged over
the pages, and F1 of the two averages. Speed: ONE `newswatch extract --json` process over every page
(--repeat times over), against trafilatura.extract(html, favor_precision=False) in-process over the same
pages in one run; MB/s of HTML for both, and the ratio. --cpu N pins both to core N, one after the
other. trafilatura comes from PyPI (pip install trafilatura); the script says how when it is missing.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tarfile
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, "Benchmarks", ".cache")
PAGES = os.path.join(CACHE, "articles-pages")
SDIST = os.path.join(CACHE, "articles-sdist")

# ---------------------------------------------------------------- the dev set


def newspaper_pairs():
    """(name, html bytes, truth) from newspaper4k's tests/data/{html,txt}."""
    os.makedirs(SDIST, exist_ok=True)
    tars = glob.glob(os.path.join(SDIST, "newspaper4k-*.tar.gz"))
    if not tars:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                        "-d", SDIST, "newspaper4k==0.9.6"], check=True)
        tars = glob.glob(os.path.join(SDIST, "newspaper4k-*.tar.gz"))
    pairs = []
    with tarfile.open(sorted(tars)[-1]) as tar:
        members = {m.name.split("/tests/data/", 1)[-1]: m for m in tar.getmembers() if "/tests/data/" in m.name}
        for key, member in sorted(members.items()):
            if not (key.startswith("html/") and key.endswith(".html")):
                continue
            name = key[5:-5]
            txt = members.get("txt/" + name + ".txt")
            if txt is None:
                continue
            html = tar.extractfile(member).read()
            truth = tar.extractfile(txt).read().decode("utf-8", "replace")
            if len(truth.split()) < 20 and len(truth) < 200:
                continue
            pairs.append(("newspaper4k/" + name, html, truth))
    return pairs


BOILER_TOP = """<!DOCTYPE html><html lang="{lang}"{dir}><head><meta charset="{charset}"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><script>var ads = [];</script><style>p{{margin:0}}</style></head><body>
<div class="cookie-banner" id="cookie-consent"><p>{cookie}</p><button>OK</button></div>
<header class="site-header"><nav class="menu"><ul>{nav}</ul></nav></header>
<main><article><h1>{title}</h1><div class="byline">{byline}</div>
<div class="share-buttons social"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">Telegram</a></div>
<div class="article-body">"""
BOILER_BOTTOM = """</div><aside class="related"><h3>{related}</h3><ul>{links}</ul></aside></article>
<section class="comments"><h3>{comments}</h3><div class="comment"><p>{comment}</p></div></section></main>
<footer class="site-footer"><p>{footer}</p></footer></body></html>"""

OWN = {
    "ko": dict(charset="euc-kr", site="한국일보 예시", title="정부, 우크라이나 살상무기 지원 검토…북한 특수부대 쿠르스크 투입",
               byline="박민지 기자", cookie="이 웹사이트는 더 나은 서비스를 위해 쿠키를 사용합니다. 계속 이용하시면 쿠키 사용에 동의하는 것으로 간주합니다.",
               nav=["정치", "경제", "사회", "국제", "스포츠", "연예"], related="관련 기사",
               links=["북러 정상 상호방위조약 서명", "국정원, 북한군 이동 상황 국회 보고", "쿠르스크 전선 현황 총정리"],
               comments="댓글", comment="정부가 신중하게 판단했으면 좋겠습니다. 전쟁에 휘말려서는 안 됩니다.",
               footer="ⓒ 한국일보 예시. 무단 전재 및 재배포 금지.",
               body=["정부가 북한군의 러시아 파병에 대응해 우크라이나에 살상무기를 직접 지원하는 방안을 검토하고 있는 것으로 22일 알려졌다. 대통령실 고위 관계자는 기자들과 만나 북러 군사협력의 진전 정도에 따라 단계적으로 대응할 것이라고 밝혔다.",
                     "국가정보원은 북한이 특수작전부대 약 1500명을 러시아 해군 수송함을 이용해 블라디보스토크로 이동시켰으며, 이들이 러시아군 군복과 위조 신분증을 지급받았다고 발표했다. 추가 파병도 이어질 것으로 예상된다.",
                     "우크라이나 군 정보당국은 북한군 선발대가 쿠르스크 지역에 도착했다고 밝혔다. 우크라이나군은 지난 8월 이 지역으로 진격해 일부 영토를 장악하고 있다.",
                     "전문가들은 한국이 지원할 경우 포탄과 방공 체계가 우선 검토될 가능성이 크다고 분석했다. 다만 정부는 아직 결정된 것은 없다고 강조했다."]),
    "ru": dict(charset="windows-1251", site="Пример Новости", title="Сеул рассматривает поставки летального оружия Украине",
               byline="Иван Петров", cookie="Мы используем файлы cookie, чтобы сделать сайт удобнее. Продолжая просмотр, вы соглашаетесь с этим.",
               nav=["Политика", "Экономика", "Общество", "В мире", "Спорт"], related="Читайте также",
               links=["КНДР и Россия подписали договор", "Разведка Южной Кореи доложила парламенту", "Бои в Курской области"],
               comments="Комментарии", comment="Это опасное решение, которое втянет Корею в чужую войну.",
               footer="© Пример Новости, 2024. Все права защищены.",
               body=["Южная Корея рассматривает возможность прямых поставок оружия Украине, сообщили во вторник официальные лица в Сеуле, после того как разведка подтвердила переброску северокорейского спецназа в Россию.",
                     "По данным Национальной службы разведки, около 1500 военнослужащих элитных подразделений КНДР были доставлены российскими военными кораблями во Владивосток. Им выдали российскую форму и поддельные документы.",
                     "Украинская военная разведка заявила, что первые северокорейские подразделения уже прибыли в Курскую область, где украинские войска удерживают территорию с августа.",
                     "Эксперты полагают, что речь может идти прежде всего об артиллерийских снарядах и системах противовоздушной обороны. Окончательное решение пока не принято."]),
    "ar": dict(charset="utf-8", site="أخبار المثال", title="سيول تدرس تقديم مساعدات فتاكة لأوكرانيا بعد نشر قوات كورية شمالية",
               byline="أحمد علي", cookie="نستخدم ملفات تعريف الارتباط لتحسين تجربتك. باستمرارك في التصفح فإنك توافق على ذلك.",
               nav=["سياسة", "اقتصاد", "مجتمع", "العالم", "رياضة"], related="أخبار ذات صلة",
               links=["كوريا الشمالية وروسيا توقعان معاهدة دفاع", "الاستخبارات الكورية تطلع البرلمان", "المعارك في كورسك"],
               comments="التعليقات", comment="قرار خطير قد يجر كوريا إلى حرب بعيدة عنها.",
               footer="جميع الحقوق محفوظة © أخبار المثال ٢٠٢٤",
               body=["قالت مصادر رسمية في سيول يوم الثلاثاء إن كوريا الجنوبية تدرس للمرة الأولى تزويد أوكرانيا بأسلحة بشكل مباشر، بعد أن أكد جهاز الاستخبارات نشر قوات خاصة كورية شمالية في روسيا.",
                     "وأوضح جهاز الاستخبارات الوطني أن نحو ألف وخمسمئة جندي من وحدات العمليات الخاصة نقلوا على متن سفن روسية إلى فلاديفوستوك، وأنهم تسلموا زيا عسكريا روسيا ووثائق هوية مزورة.",
                     "وقالت الاستخبارات العسكرية الأوكرانية إن أولى الوحدات الكورية الشمالية وصلت إلى منطقة كورسك، حيث تسيطر القوات الأوكرانية على أراض منذ أغسطس.",
                     "ويرى محللون أن أي أسلحة كورية جنوبية ستكون على الأرجح قذائف مدفعية وأنظمة دفاع جوي، مؤكدين أنه لم يتخذ أي قرار نهائي بعد."]),
}


def own_pages():
    pages = []
    for lang, d in OWN.items():
        body = "".join("<p>%s</p>\n" % p for p in d["body"])
        html = BOILER_TOP.format(lang=lang, dir=' dir="rtl"' if lang == "ar" else "", charset=d["charset"],
                                 title=d["title"], site=d["site"], cookie=d["cookie"], byline=d["byline"],
                                 nav="".join('<li><a href="#">%s</a></li>' % n for n in d["nav"]))
        html += body + BOILER_BOTTOM.format(related=d["related"], comments=d["comments"], comment=d["comment"],
                                            footer=d["footer"],
                                            links="".join('<li><a href="#">%s</a></li>' % l for l in d["links"]))
        pages.append(("own/" + lang, html.encode(d["charset"]), "\n\n".join(d["body"])))
    return pages


# ---------------------------------------------------------------- scoring

NO_SPACES = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TOKEN = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+")


def shingles(text, n=4):
    tokens = TOKEN.findall(unicodedata.normalize("NFKC", text or "").casefold())
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def score(pred, truth):
    p, t = shingles(pred), shingles(truth)
    if not t:
        return None
    common = len(p & t)
    return (common / len(p) if p else 0.0), common / len(t)


def summary(pairs):
    pairs = [x for x in pairs if x is not None]
    precision = sum(p for p, _ in pairs) / len(pairs)
    recall = sum(r for _, r in pairs) / len(pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ---------------------------------------------------------------- runs


def run_newswatch(binary, files, repeat):
    args = [binary, "extract", "--json"] + files * repeat
    start = time.perf_counter()
    out = subprocess.run(args, check=True, capture_output=True).stdout
    elapsed = time.perf_counter() - start
    texts = {}
    for line in out.decode("utf-8").splitlines():
        record = json.loads(line)
        texts.setdefault(record["input"], record["text"])
    return texts, elapsed


def run_trafilatura(pages, repeat):
    import trafilatura
    texts = {}
    start = time.perf_counter()
    for _ in range(repeat):
        for name, html, _ in pages:
            texts[name] = trafilatura.extract(html, favor_precision=False) or ""
    return texts, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "newswatch"))
    ap.add_argument("--repeat", type=int, default=10, help="passes over the pages for the speed figures")
    ap.add_argument("--cpu", type=int, help="pin newswatch and trafilatura to this core")
    ap.add_argument("--show-worst", type=int, default=0, help="list the N pages newswatch does worst on")
    ap.add_argument("--no-peer", action="store_true", help="skip trafilatura")
    args = ap.parse_args()
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})  # inherited by the newswatch process
    if not os.path.exists(args.bin):
        sys.exit("no %s: build it with `swift build -c release --product newswatch`" % args.bin)
    pages = newspaper_pairs() + own_pages()
    os.makedirs(PAGES, exist_ok=True)
    files = []
    for name, html, _ in pages:
        path = os.path.join(PAGES, name.replace("/", "__") + ".html")
        with open(path, "wb") as f:
            f.write(html)
        files.append(path)
    total = sum(len(h) for _, h, _ in pages)
    print("dev set: %d pages, %.2f MB of HTML (%d from newspaper4k's tests, %d written here)" % (
        len(pages), total / 1e6, sum(n.startswith("newspaper4k/") for n, _, _ in pages),
        sum(n.startswith("own/") for n, _, _ in pages)))

    nw_texts, nw_time = run_newswatch(args.bin, files, args.repeat)
    nw_scores = {name: score(nw_texts.get(path, ""), truth) for (name, _, truth), path in zip(pages, files)}
    p, r, f = summary(nw_scores.values())
    nw_rate = total * args.repeat / 1e6 / nw_time
    print("newswatch   P %.3f  R %.3f  F1 %.3f   %.1f MB/s (one process, %d passes, %.2f s)" % (
        p, r, f, nw_rate, args.repeat, nw_time))
    if args.show_worst:
        worst = sorted((v[0] * v[1], k, v) for k, v in nw_scores.items() if v)[:args.show_worst]
        for _, name, (pp, rr) in worst:
            print("   worst: %-40s P %.3f R %.3f" % (name, pp, rr))
    if args.no_peer:
        return
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        sys.exit("trafilatura is missing: pip install trafilatura (in a venv, or --user --break-system-packages)")
    tr_texts, tr_time = run_trafilatura(pages, args.repeat)
    tp, tr, tf = summary(score(tr_texts[name], truth) for name, _, truth in pages)
    tr_rate = total * args.repeat / 1e6 / tr_time
    import trafilatura as t
    print("trafilatura P %.3f  R %.3f  F1 %.3f   %.1f MB/s (%s in-process, %d passes, %.2f s)" % (
        tp, tr, tf, tr_rate, t.__version__, args.repeat, tr_time))
    print("speed: newswatch %.1fx trafilatura" % (nw_rate / tr_rate))


if __name__ == "__main__":
    main()
