"""Shared set-up for the Feeds scripts (feeds_conformance.py, feeds_bench.py, feeds_corpus.py).

Everything downloaded or generated goes to Benchmarks/.cache/ (git-ignored):
  .cache/venv/                 a virtualenv with feedparser from PyPI (the oracle; never a product dependency)
  .cache/sdist/feedparser-V/   feedparser's source distribution, for its tests/ corpus
  .cache/corpus/               the synthetic large-feed corpus (feeds_corpus.py)
"""
import os
import subprocess
import sys
import tarfile

FEEDPARSER_VERSION = os.environ.get("FEEDS_FEEDPARSER_VERSION", "6.0.14")
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CACHE = os.path.join(HERE, ".cache")
VENV = os.path.join(CACHE, "venv")
VENV_PYTHON = os.path.join(VENV, "bin", "python")


def log(message):
    print(message, file=sys.stderr, flush=True)


def ensure_venv():
    """Creates the cache virtualenv with feedparser installed (once)."""
    os.makedirs(CACHE, exist_ok=True)
    if not os.path.exists(VENV_PYTHON):
        log(f"creating {VENV}")
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    probe = subprocess.run([VENV_PYTHON, "-c", "import feedparser; print(feedparser.__version__)"],
                           capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip() != FEEDPARSER_VERSION:
        log(f"installing feedparser=={FEEDPARSER_VERSION} from PyPI")
        subprocess.check_call([VENV_PYTHON, "-m", "pip", "install", "-q", f"feedparser=={FEEDPARSER_VERSION}", "chardet"])


def reexec_in_venv():
    """Runs the calling script again under the cache venv's interpreter (where feedparser is)."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    ensure_venv()
    os.execv(VENV_PYTHON, [VENV_PYTHON] + sys.argv)


def feedparser_tests_dir():
    """feedparser's sdist tests/ directory, downloaded from PyPI on first use."""
    sdist = os.path.join(CACHE, "sdist")
    root = os.path.join(sdist, f"feedparser-{FEEDPARSER_VERSION}")
    tests = os.path.join(root, "tests")
    if os.path.isdir(tests):
        return tests
    os.makedirs(sdist, exist_ok=True)
    log(f"downloading feedparser-{FEEDPARSER_VERSION} sdist from PyPI")
    subprocess.check_call([VENV_PYTHON if os.path.exists(VENV_PYTHON) else sys.executable, "-m", "pip",
                           "download", "-q", "--no-deps", "--no-binary", ":all:",
                           f"feedparser=={FEEDPARSER_VERSION}", "-d", sdist])
    archive = os.path.join(sdist, f"feedparser-{FEEDPARSER_VERSION}.tar.gz")
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]
        for m in members:
            if m.name.startswith("/") or ".." in m.name.split("/"):
                raise SystemExit(f"unsafe path in sdist: {m.name}")
        tar.extractall(sdist, members=members)
    return tests


def feeds_bench_binary(explicit=None):
    """The release feeds-bench binary: `explicit`, $FEEDS_BENCH, or built with `swift build -c release`."""
    path = explicit or os.environ.get("FEEDS_BENCH")
    if path:
        return path
    log("building feeds-bench (swift build -c release --product feeds-bench)")
    subprocess.check_call(["swift", "build", "-c", "release", "--product", "feeds-bench"], cwd=REPO,
                          stdout=sys.stderr)
    bin_dir = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=REPO,
                                      text=True).strip()
    return os.path.join(bin_dir, "feeds-bench")
