#!/usr/bin/env bash
# Rules engine benchmark: builds rules-bench in release, runs it (compile time, articles/s, MB/s
# at 1k/10k/100k rules, ratio 100k/10k), then scans the same corpus for the same rules' literals
# with Python hyperscan and pyahocorasick and prints the MB/s side by side; then times
# `newswatch check` loading and compiling the 100k rules from a YAML rules file.
#
#   Benchmarks/rules_bench.sh [--package-path DIR] [--articles N] [--seconds S] [--cpu N] [--rounds R]
#                             [--hugetlb]
#
# Everything generated goes to Benchmarks/.cache/ (venv, corpus, literals). One core: both the
# Swift benchmark and the Python scanners are single-threaded; --cpu N pins them (taskset) to
# core N, which must be one that nothing else keeps busy. On a shared VM single figures swing
# by 20% or more from minute to minute, so the two sides run in alternation for R rounds
# (default 3) and each side's best round is compared.
#
# --hugetlb runs both sides with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (transparent huge pages
# for the whole heap, an optional setting for the service: see README, "Memory and huge pages").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
package="$(cd "$here/.." && pwd)"
repo="$package"  # newswatch itself is always built from this repository
articles=3000
seconds=2
cpu=""
rounds=3
hugetlb=0
while [ $# -gt 0 ]; do
    case "$1" in
        --package-path) package="$2"; shift 2 ;;
        --articles) articles="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --cpu) cpu="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --hugetlb) hugetlb=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
cache="$here/.cache"
export_dir="$cache/rules-corpus"
mkdir -p "$cache"

swift build -c release --package-path "$package" --product rules-bench
bin="$(swift build -c release --package-path "$package" --show-bin-path)/rules-bench"
pin=""
[ -n "$cpu" ] && pin="taskset -c $cpu"

if [ "$hugetlb" = 1 ]; then
    export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
    echo "== GLIBC_TUNABLES=$GLIBC_TUNABLES (both sides)"
fi

if [ ! -x "$cache/venv/bin/python" ]; then
    python3 -m venv "$cache/venv"
fi
"$cache/venv/bin/python" -c "import hyperscan, ahocorasick" 2>/dev/null \
    || "$cache/venv/bin/pip" install --quiet hyperscan pyahocorasick

: > "$cache/rules-bench.out"
: > "$cache/rules-peers.out"
for round in $(seq "$rounds"); do
    echo "== round $round/$rounds: rules-bench (Swift, one core)"
    $pin "$bin" --articles "$articles" --seconds "$seconds" --export "$export_dir" | tee -a "$cache/rules-bench.out"
    echo "== round $round/$rounds: literal scan of the same corpus for the same rules' literals (Python, one core)"
    $pin "$cache/venv/bin/python" "$here/rules_peers.py" "$export_dir" | tee -a "$cache/rules-peers.out"
done

# Loading too: the 100k actors and rules as a YAML rules file, read, parsed, checked and compiled
# by `newswatch check` (release build of the whole package), best of the rounds.
echo "== load and compile $export_dir/rules-100000.yml: newswatch check (release)"
swift build -c release --package-path "$repo" --product newswatch
newswatch="$(swift build -c release --package-path "$repo" --show-bin-path)/newswatch"
load_dir="$cache/rules-load"
mkdir -p "$load_dir/rules.d"
cp "$export_dir/rules-100000.yml" "$load_dir/rules.d/bench.yml"
cat > "$load_dir/newswatch.yml" <<'YML'
state_dir: state
rules: [rules.d/*.yml]
alerts:
  log: alerts.log
  spool: spool
feeds:                      # one feed for the rules limited to tag:asia (never fetched here)
  - id: asia
    url: http://127.0.0.1:9/feed.xml
    tags: [asia]
YML
best_load=""
for round in $(seq "$rounds"); do
    start=$(date +%s.%N)
    $pin "$newswatch" check --config "$load_dir/newswatch.yml"
    end=$(date +%s.%N)
    took=$(python3 -c "print(f'{$end - $start:.2f}')")
    echo "newswatch check, 100k rules: $took s"
    best_load=$(python3 -c "print(min(float(x) for x in '$best_load $took'.split()))")
done
echo "LOAD best of $rounds: $best_load s (target < 2 s)"

echo "== side by side, best of $rounds rounds (MB/s)"
python3 - "$cache/rules-bench.out" "$cache/rules-peers.out" <<'PY'
import re, sys
ours, built, hs, ac = {}, {}, {}, {}
for line in open(sys.argv[1]):
    m = re.match(r"rules\s+(\d+): .*?\|\s+([\d.]+) MB/s", line)
    if m:
        size = int(m.group(1))
        ours[size] = max(ours.get(size, 0.0), float(m.group(2)))
    m = re.match(r"rules\s+(\d+): .*hits built: ([\d.]+) MB/s", line)
    if m:
        size = int(m.group(1))
        built[size] = max(built.get(size, 0.0), float(m.group(2)))
for line in open(sys.argv[2]):
    m = re.match(r"RESULT size=(\d+) hyperscan=([\d.]+) pyahocorasick=([\d.]+)", line)
    if m:
        size = int(m.group(1))
        hs[size] = max(hs.get(size, 0.0), float(m.group(2)))
        ac[size] = max(ac.get(size, 0.0), float(m.group(3)))
for size in sorted(hs):
    mine = ours.get(size, float("nan"))
    full = built.get(size, float("nan"))
    print(f"{size:7d} rules: newswatch {mine:7.1f} (hits built {full:5.1f}) | hyperscan {hs[size]:7.1f} "
          f"| pyahocorasick {ac[size]:7.1f} | newswatch/hyperscan {mine / hs[size]:5.2f}x "
          f"(hits built {full / hs[size]:5.2f}x) | newswatch/pyahocorasick {mine / ac[size]:5.2f}x")
PY
