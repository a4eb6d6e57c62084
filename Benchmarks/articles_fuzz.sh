#!/usr/bin/env bash
# Fuzzes the article extractor with libFuzzer (+ AddressSanitizer/LeakSanitizer) for SECONDS (default 600).
#   bash Benchmarks/articles_fuzz.sh [SECONDS] [extra libFuzzer flags...]
# Builds articles-fuzz into .build-fuzz/ (git-ignored), seeds a corpus in Benchmarks/.cache/articles-corpus/
# from Tests/ArticlesTests/Fixtures (plus the benchmark's pages when articles_bench.py has fetched them),
# and writes crash/timeout/leak reproducers to Benchmarks/.cache/articles-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
swift build -c debug --product articles-fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DARTICLES_LIBFUZZER -Xswiftc -use-ld=lld
cache=Benchmarks/.cache
mkdir -p "$cache/articles-corpus" "$cache/articles-artifacts"
find Tests/ArticlesTests/Fixtures -name '*.html' -size -256k -exec cp -n {} "$cache/articles-corpus/" \;
if [ -d "$cache/articles-pages" ]; then
    find "$cache/articles-pages" -name '*.html' -size -256k | while read -r f; do
        cp -n "$f" "$cache/articles-corpus/$(echo "$f" | md5sum | cut -c1-16).html"
    done
fi
exec .build-fuzz/debug/articles-fuzz "$cache/articles-corpus" \
    -dict=Benchmarks/articles_fuzz.dict -artifact_prefix="$cache/articles-artifacts/" \
    -max_total_time="$seconds" -timeout=10 -max_len=262144 -rss_limit_mb=3072 -detect_leaks=1 \
    -print_final_stats=1 "$@"
