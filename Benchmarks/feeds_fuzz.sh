#!/usr/bin/env bash
# Fuzzes the Feeds parser with libFuzzer (+ AddressSanitizer/LeakSanitizer) for SECONDS (default 600).
#   bash Benchmarks/feeds_fuzz.sh [SECONDS] [extra libFuzzer flags...]
# Builds feeds-fuzz into .build-fuzz/ (git-ignored), seeds a corpus in Benchmarks/.cache/fuzz-corpus/ from
# Tests/FeedsTests/Fixtures (plus feedparser's test feeds when feeds_conformance.py has downloaded them),
# and writes crash/timeout/leak reproducers to Benchmarks/.cache/fuzz-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
swift build -c debug --product feeds-fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFEEDS_LIBFUZZER -Xswiftc -use-ld=lld
cache=Benchmarks/.cache
mkdir -p "$cache/fuzz-corpus" "$cache/fuzz-artifacts"
cp -n Tests/FeedsTests/Fixtures/* "$cache/fuzz-corpus/" 2>/dev/null || true
if [ -d "$cache/sdist" ]; then
    find "$cache/sdist" -path '*/tests/*' -name '*.xml' -size -64k | while read -r f; do
        cp -n "$f" "$cache/fuzz-corpus/$(echo "$f" | md5sum | cut -c1-16).xml"
    done
fi
exec .build-fuzz/debug/feeds-fuzz "$cache/fuzz-corpus" \
    -dict=Benchmarks/feeds_fuzz.dict -artifact_prefix="$cache/fuzz-artifacts/" \
    -max_total_time="$seconds" -timeout=10 -max_len=65536 -rss_limit_mb=3072 -detect_leaks=1 \
    -print_final_stats=1 "$@"
