#!/usr/bin/env python3
"""Scan the corpus exported by `rules-bench --export DIR` for the rules' literals with
hyperscan and pyahocorasick, one core, and print MB/s per rule-set size.

Usage: rules_peers.py DIR [SIZE ...]   (sizes default to 1000 10000 100000)

Literal scan only: no tokenization, normalization, boolean logic, NEAR or explanations.
hyperscan: pure-literal compiler, caseless, one report per literal per article.
pyahocorasick: literals lower-cased, articles lower-cased before timing (it has no caseless mode).
"""
import sys
import time

import ahocorasick
import hyperscan


def load(directory, size):
    with open(f"{directory}/corpus.txt", "rb") as f:
        articles = f.read().split(b"\x1e")
    with open(f"{directory}/literals-{size}.txt", "rb") as f:
        literals = [line for line in f.read().split(b"\n") if line]
    return articles, literals


def timed(run, articles, budget=2.0):
    run(articles)  # warm-up
    passes, start = 0, time.perf_counter()
    while True:
        found = run(articles)
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / passes, found


def bench_hyperscan(articles, literals):
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH
    start = time.perf_counter()
    db.compile(expressions=literals, ids=list(range(len(literals))), elements=len(literals),
               flags=flags, literal=True)
    compile_time = time.perf_counter() - start
    scratch = hyperscan.Scratch(db)

    def run(articles):
        count = [0]

        def on_match(id_, start, end, flags, context):
            count[0] += 1

        for a in articles:
            db.scan(a, match_event_handler=on_match, scratch=scratch)
        return count[0]

    seconds, found = timed(run, articles)
    return compile_time, seconds, found


def bench_ahocorasick(articles, literals):
    start = time.perf_counter()
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS, ahocorasick.KEY_STRING)
    for i, literal in enumerate(literals):
        automaton.add_word(literal.decode("utf-8").lower(), i)
    automaton.make_automaton()
    compile_time = time.perf_counter() - start
    lowered = [a.decode("utf-8").lower() for a in articles]

    def run(texts):
        count = 0
        for t in texts:
            for _ in automaton.iter(t):
                count += 1
        return count

    seconds, found = timed(run, lowered)
    return compile_time, seconds, found


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    directory = sys.argv[1]
    sizes = [int(s) for s in sys.argv[2:]] or [1000, 10000, 100000]
    for size in sizes:
        articles, literals = load(directory, size)
        total = sum(len(a) for a in articles)
        hs_compile, hs_seconds, hs_found = bench_hyperscan(articles, literals)
        ac_compile, ac_seconds, ac_found = bench_ahocorasick(articles, literals)
        print(f"peers {size:7d} rules ({len(literals)} literals): "
              f"hyperscan {total / hs_seconds / 1e6:7.1f} MB/s (compile {hs_compile:.2f} s, {hs_found / len(articles):.0f} reports/article) | "
              f"pyahocorasick {total / ac_seconds / 1e6:7.1f} MB/s (build {ac_compile:.2f} s, {ac_found / len(articles):.0f} matches/article)")
        print(f"RESULT size={size} hyperscan={total / hs_seconds / 1e6:.1f} pyahocorasick={total / ac_seconds / 1e6:.1f}")


if __name__ == "__main__":
    main()
