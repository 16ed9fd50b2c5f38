"""`make lighthouse`: Lighthouse 12 scores of the real site as the portal serves it (a measuring tool, not a test).

The real content is built with a fixed SOURCE_DATE_EPOCH into a temporary folder (the repository's calendar
history is left alone), served by Debian's nginx with deploy/nginx.conf under /cchc/ (the browser tests'
`nginx_served`), and Lighthouse runs in Debian's Chromium on the home page and the largest plan page, with its
default mobile form factor and throttling. With --write the scores replace the "## Lighthouse" section of
bench/RESULTS.md; the rest of that file is kept as it is.

Lighthouse comes from npm through npx (pinned to major 12), or from LIGHTHOUSE=path/to/lighthouse; it is not a
dependency of the project or its tests.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "browser"))

from chromium import CHROMIUM, EPOCH, NGINX, build_on_epoch, nginx_served  # noqa: E402  (tests/browser, put on the path above)

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CATEGORY_NAMES = {"performance": "Performance", "accessibility": "Accessibility",
                  "best-practices": "Best practices", "seo": "SEO"}
RESULTS = REPO / "bench" / "RESULTS.md"
HEADING = "## Lighthouse"


def lighthouse_command() -> list[str]:
    """LIGHTHOUSE=path/to/lighthouse when one is installed (spares npx its download), else npx."""
    chosen = os.environ.get("LIGHTHOUSE")
    return [chosen] if chosen else ["npx", "--yes", "lighthouse@12"]


def build_site(work: Path) -> Path:
    """The real content built by `heza build` into `work`, as the daily workflow builds it."""
    shutil.copytree(REPO / "content", work / "content")
    return build_on_epoch(work / "content", work)


def largest_plan_page(site: Path) -> str:
    """The largest plan page by file size: the plan list ke-hoach/index.html is not a plan."""
    pages = [p for p in (site / "ke-hoach").glob("*.html") if p.name != "index.html"]
    return max(pages, key=lambda p: (p.stat().st_size, p.name)).relative_to(site).as_posix()


def audit(command: list[str], url: str, report: Path) -> dict:
    """One Lighthouse run on `url`; returns its JSON report."""
    run = subprocess.run(
        [*command, url, "--quiet", "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=--headless=new --no-sandbox"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True, text=True)
    if run.returncode != 0 or not report.exists():
        raise SystemExit(f"Lighthouse failed on {url} ({run.returncode}):\n{run.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def scores(report: dict) -> dict[str, int]:
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def table(rows: list[tuple[str, dict[str, int]]], version: str, day: str) -> str:
    head = "| page | " + " | ".join(CATEGORY_NAMES[c] for c in CATEGORIES) + " | date | Lighthouse |"
    lines = [head, "|---" * (len(CATEGORIES) + 3) + "|"]
    for page, found in rows:
        lines.append(f"| `{page}` | " + " | ".join(str(found[c]) for c in CATEGORIES) + f" | {day} | {version} |")
    return "\n".join(lines)


def section(rows: list[tuple[str, dict[str, int]]], version: str, day: str) -> str:
    return f"""{HEADING}

`make lighthouse` (`bench/lighthouse.py --write`) rewrites this section: Lighthouse {version} in Debian's
Chromium (`--headless=new`), default mobile form factor and simulated throttling, on the real content built
with `SOURCE_DATE_EPOCH={EPOCH}` and served by nginx with `deploy/nginx.conf` under `/cchc/` (gzip copies,
caching and security headers as on the portal). The plan page is the largest one under `ke-hoach/`.
Performance is measured with Lighthouse's simulated throttling of a mid-range phone and depends on the
machine more than the other three scores.

{table(rows, version, day)}
"""


def replace_section(text: str, new: str) -> str:
    """`text` with its "## Lighthouse" section (to the next "## " heading or the end) replaced by `new`,
    or `new` appended when there is none."""
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        following = pattern.sub(lambda _: new.rstrip("\n") + "\n\n", text, count=1)
        return following.rstrip("\n") + "\n"
    return text.rstrip("\n") + "\n\n" + new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="also write the Lighthouse section of bench/RESULTS.md")
    args = parser.parse_args(argv)
    for needed in (CHROMIUM, NGINX):
        if not needed.exists():
            raise SystemExit(f"{needed} không có (cài: apt-get install chromium nginx)")
    command = lighthouse_command()
    with tempfile.TemporaryDirectory(prefix="heza-lighthouse-") as temporary:
        work = Path(temporary)
        site = build_site(work)
        pages = ["index.html", largest_plan_page(site)]
        rows: list[tuple[str, dict[str, int]]] = []
        version = ""
        with nginx_served(site) as url:
            for number, page in enumerate(pages):
                # the home page by its folder address, as readers reach it
                report = audit(command, url + ("" if page == "index.html" else page), work / f"report-{number}.json")
                version = report["lighthouseVersion"]
                rows.append((page, scores(report)))
                print(page, scores(report), flush=True)
    day = datetime.now(UTC).date().isoformat()
    text = section(rows, version, day)
    print(text)
    if args.write:
        RESULTS.write_text(replace_section(RESULTS.read_text(encoding="utf-8"), text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
