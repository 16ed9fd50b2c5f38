"""`make bench`: build synthetic corpora and print what each stage costs (a tool, not a test).

Each corpus size runs in its own process so peak memory is that size's own. Figures go to
stdout and, with --write, to bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import gzip
import json
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def _parse_only(content_dir: Path) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for path in sorted(content_dir.rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return time.perf_counter() - start


QUERIES = ("cải cách hành chính", "dau tu", "báo cáo quý", "chuyển đổi số", "sở nội vụ")


def _search_payload(site: Path) -> tuple[int, int, int]:
    """Bytes the search page downloads to show the first results: the worst of QUERIES, raw and gzip;
    and the whole index on disk."""
    from generator.website.searchindex import IndexReader

    index = IndexReader(site)
    script = min((site / "assets/javascripts").glob("heza-search*.js"))  # named after its content by the build
    worst_raw = worst_gzip = 0
    for query in QUERIES:
        files = [site / path for path in index.query_files(query)] + [script]
        worst_raw = max(worst_raw, sum(p.stat().st_size for p in files))
        worst_gzip = max(worst_gzip, sum(len(gzip.compress(p.read_bytes(), 6)) for p in files))
    total = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file() and p.suffix != ".gz")
    return worst_raw, worst_gzip, total


def _bare_mkdocs(docs: Path, site: Path) -> float:
    """`mkdocs build` of the same generated docs with stock Material and no hooks or extensions."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config_file = docs.parent / "bare-mkdocs.yml"
    config_file.write_text("site_name: bare\nuse_directory_urls: false\ntheme:\n  name: material\n"
                           "plugins: [search]\n", encoding="utf-8")
    config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    start = time.perf_counter()
    mkdocs_build(config)
    return time.perf_counter() - start


EDITS = 3


def _editor_loop(content_dir: Path, work: Path, today: date) -> tuple[list[float], int]:
    """`heza serve`'s rebuilds after one task of one plan is reworded, EDITS times: seconds of each, and
    generated files rewritten by the first.

    The preview's first build (untimed) fills its session, as `heza serve` does when it starts; between
    two edits the preview's idle garbage collection runs, as it does while an editor reads the page.
    """
    from generator.build import Session
    from generator.engine.preview import collector, rebuild

    session, site, docs = Session(), work / "preview-site", work / "preview-docs"
    rebuild(content_dir, site, docs, session, today)
    plans = sorted((content_dir / "plans").glob("*.yaml"))
    plan = plans[len(plans) // 2]
    text = plan.read_text(encoding="utf-8")
    seconds, rewritten = [], []
    for edit in range(1, EDITS + 1):
        edited = text.replace("        content: \"", f"        content: \"Sửa lần {edit}: ", 1)
        plan.write_text(edited, encoding="utf-8")
        result, took = _timed(rebuild, content_dir, site, docs, session, today)
        seconds.append(took)
        rewritten.append(len(result.changed))
        collector.settle()
    return seconds, rewritten[0]


def measure(plans: int) -> dict:
    """Build one corpus of `plans` plans in a temporary folder (removed afterwards) and return the figures."""
    from corpus import write_corpus

    work = Path(tempfile.mkdtemp(prefix=f"heza-bench-{plans}-"))
    try:  # a 1,000-plan corpus with its sites takes gigabytes: never leave it behind
        return _measure(plans, work, write_corpus(work, plans))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure(plans: int, work: Path, content_dir: Path) -> dict:
    from generator import build as b
    from generator.engine.heap import FullBuildHeap
    from generator.source.reader import read_content
    from generator.website.finish import finish_site

    parse = _parse_only(content_dir)
    today = date(2026, 1, 15)
    docs, site = work / "build" / "docs", work / "site"
    with FullBuildHeap() as heap:  # the stages of `heza build`, timed one by one
        (content, _), load = _timed(read_content, content_dir)
        heap.loaded()
        start = time.perf_counter()
        b.generate(content, docs, b.calendar_history(content_dir, today, keep=False))
        heap.generated()
        generate = time.perf_counter() - start
        _, mkdocs = _timed(b.run_mkdocs, content, docs, site)
        _, finish = _timed(finish_site, site)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # our build only: not the bare build or preview
    # the forked second process (calendars, data, a share of the pages)
    second = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    bare = _bare_mkdocs(docs, work / "bare-site")
    pages = [p.stat().st_size for p in (site / "ke-hoach").glob("*.html")]
    ics = [p.stat().st_size for p in site.rglob("*.ics")]
    raw, packed, index_bytes = _search_payload(site)
    rebuild, rewritten = _editor_loop(content_dir, work, today)
    return {"plans": plans, "yaml_parse_s": parse, "load_validate_s": load, "generate_s": generate,
            "generator_total_s": load + generate, "mkdocs_s": mkdocs, "bare_mkdocs_s": bare,
            "finish_s": finish, "total_s": load + generate + mkdocs + finish,
            "peak_mb": peak, "second_peak_mb": second,
            "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and p.suffix != ".gz"),
            "gzip_bytes": sum(p.stat().st_size for p in site.rglob("*.gz")),
            "plan_page_median": int(statistics.median(pages)), "plan_page_max": max(pages),
            "search_raw": raw, "search_gzip": packed, "search_index_bytes": index_bytes,
            "largest_ics": max(ics) if ics else 0,
            "rebuild_s": statistics.median(rebuild), "rebuild_max_s": max(rebuild), "rebuild_files": rewritten}


ROWS = [("YAML parse only (s)", "yaml_parse_s", "{:.2f}"), ("load + validate (s)", "load_validate_s", "{:.2f}"),
        ("render pages, feeds, data (s, two processes)", "generate_s", "{:.2f}"),
        ("generator total (s)", "generator_total_s", "{:.2f}"),
        ("generator ÷ YAML parse", None, None), ("MkDocs build (s)", "mkdocs_s", "{:.1f}"),
        ("bare `mkdocs build` of the same docs (s)", "bare_mkdocs_s", "{:.1f}"),
        ("finishing: hashed asset names, gzip copies (s, two processes)", "finish_s", "{:.1f}"),
        ("total (s)", "total_s", "{:.1f}"), ("total per plan (ms)", None, None),
        ("peak memory (MB)", "peak_mb", "{:.0f}"),
        ("peak memory of the second process: calendars, data, a share of the pages (MB, shared pages included)",
         "second_peak_mb", "{:.0f}"),
        ("site size without the gzip copies (MB)", None, None), ("gzip copies (MB)", None, None),
        ("plan page HTML, median (KB)", None, None), ("plan page HTML, max (KB)", None, None),
        ("editor's loop: `heza serve` rebuild after editing one plan, median of 3 edits (s)", "rebuild_s", "{:.1f}"),
        ("editor's loop: slowest of the 3 edits (s)", "rebuild_max_s", "{:.1f}"),
        ("generated files rewritten by that edit", "rebuild_files", "{}"),
        ("search download raw / gzip (KB)", None, None), ("search index on disk (MB)", None, None),
        ("largest .ics (KB)", None, None)]


def _cell(label: str, key: str | None, fmt: str | None, r: dict) -> str:
    derived = {
        "generator ÷ YAML parse": lambda: f"{r['generator_total_s'] / r['yaml_parse_s']:.1f}×",
        "total per plan (ms)": lambda: f"{1000 * r['total_s'] / r['plans']:.0f}",
        "site size without the gzip copies (MB)": lambda: f"{r['site_bytes'] / 1e6:.1f}",
        "gzip copies (MB)": lambda: f"{r.get('gzip_bytes', 0) / 1e6:.1f}",
        "plan page HTML, median (KB)": lambda: f"{r['plan_page_median'] / 1024:.0f}",
        "plan page HTML, max (KB)": lambda: f"{r['plan_page_max'] / 1024:.0f}",
        "search download raw / gzip (KB)": lambda: f"{r['search_raw'] / 1024:.0f} / {r['search_gzip'] / 1024:.0f}",
        "search index on disk (MB)": lambda: f"{r['search_index_bytes'] / 1e6:.1f}",
        "largest .ics (KB)": lambda: f"{r['largest_ics'] / 1024:.0f}",
    }
    return derived[label]() if key is None else fmt.format(r[key])


def table(results: list[dict]) -> str:
    """Markdown table, one column per corpus size."""
    head = "| plans | " + " | ".join(str(r["plans"]) for r in results) + " |"
    lines = [head, "|---" * (len(results) + 1) + "|"]
    for label, key, fmt in ROWS:
        lines.append(f"| {label} | " + " | ".join(_cell(label, key, fmt, r) for r in results) + " |")
    return "\n".join(lines)


def machine() -> str:
    """One line describing where the figures were measured."""
    cpus = len(__import__("os").sched_getaffinity(0))
    return f"{platform.machine()}, {cpus} cores, Python {platform.python_version()}, {platform.platform()}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark heza build on synthetic corpora.")
    parser.add_argument("--sizes", default="10,100,1000", help="corpus sizes, comma-separated")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--write", action="store_true", help="also write bench/RESULTS.md")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return 0
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        proc = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return 1
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"{size} plans: {results[-1]['total_s']:.1f} s", file=sys.stderr)
    text = table(results)
    print(text)
    if args.write:
        write_results(REPO / "bench" / "RESULTS.md", f"Machine: {machine()}\n\n{text}")
    return 0


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def write_results(path: Path, block: str) -> None:
    """Put the measured block between the markers of RESULTS.md, keeping the written analysis around it."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if START in old and END in old:
        head, rest = old.split(START, 1)
        text = f"{head}{START}\n{block}\n{END}{rest.split(END, 1)[1]}"
    else:
        text = f"# Benchmark results\n\n{START}\n{block}\n{END}\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
