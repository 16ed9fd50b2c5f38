"""What we ship for the portal and for CI, read as text (no web server needed): deploy/nginx.conf and
deploy/.htaccess say the same (types and charsets, gzip copies, cache classes, 404 page, security headers),
and the workflows rebuild daily, keep the site as an artifact, install from the lock file and audit it.

tests/browser/test_portal.py checks the nginx configuration live; Apache is not installed by `make test`,
so the equivalence below is what keeps .htaccess from drifting.
"""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from generator.website.finish import COMPRESSIBLE, HASHED_NAME

REPO = Path(__file__).resolve().parents[1]
NGINX_CONF = REPO / "deploy" / "nginx.conf"
HTACCESS = REPO / "deploy" / ".htaccess"
WORKFLOWS = REPO / ".github" / "workflows"
MOUNT = "/cchc/"
SHORT = "public, max-age=300"
LONG = "public, max-age=31536000, immutable"


# --- nginx ------------------------------------------------------------------------------------------------

@dataclass  # an nginx block or an Apache <Section>: a name, its arguments, directives and nested blocks
class Block:
    name: str
    args: list[str]
    directives: list[list[str]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def all(self, name: str) -> list[list[str]]:
        return [d[1:] for d in self.directives if d[0].lower() == name.lower()]  # Apache's names: any case

    def block(self, name: str, *args: str) -> Block:
        found = [b for b in self.blocks if b.name == name and (not args or b.args == list(args))]
        assert len(found) == 1, (name, args, [(b.name, b.args) for b in self.blocks])
        return found[0]


_NGINX_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'|#[^\n]*|([{};])|([^\s{};"\'#]+)')


def parse_nginx(text: str) -> Block:
    """nginx's configuration syntax: directives end with `;`, blocks are `name args { … }`, quotes group."""
    root = Block("", [])
    stack, words = [root], []
    for match in _NGINX_TOKEN.finditer(text):
        double, single, punctuation, word = match.groups()
        if punctuation == ";":
            stack[-1].directives.append(words)
            words = []
        elif punctuation == "{":
            block = Block(words[0], words[1:])
            stack[-1].blocks.append(block)
            stack.append(block)
            words = []
        elif punctuation == "}":
            assert not words, words
            stack.pop()
        elif double is not None or single is not None:
            words.append(double if double is not None else single)
        elif word is not None:
            words.append(word)
    assert len(stack) == 1 and not words, "unbalanced nginx.conf"
    return root


@pytest.fixture(scope="module")
def nginx() -> Block:
    return parse_nginx(NGINX_CONF.read_text(encoding="utf-8")).block("location", "^~", MOUNT)


def nginx_headers(block: Block) -> dict[str, str]:
    headers = {}
    for args in block.all("add_header"):
        assert args[-1] == "always", f"add_header without always (the 404 page would lack it): {args}"
        headers[args[0].lower()] = args[1]
    return headers


def nginx_hashed_location(nginx: Block) -> Block:
    (found,) = [b for b in nginx.blocks if b.name == "location" and b.args[0] == "~" and "assets" in b.args[1]]
    return found


# --- Apache -----------------------------------------------------------------------------------------------

def parse_apache(text: str) -> Block:
    """Apache's syntax: one directive a line, `<Section args>` … `</Section>` (as Blocks), quoted arguments."""
    root = Block("", [])
    stack = [root]
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("</"):
            assert stack[-1].name.lower() == line[2:-1].lower(), f".htaccess:{number}: {line}"
            stack.pop()
        elif line.startswith("<"):
            assert line.endswith(">"), f".htaccess:{number}: {line}"
            words = shlex.split(line[1:-1], posix=True)
            section = Block(words[0], words[1:])
            stack[-1].blocks.append(section)
            stack.append(section)
        else:
            stack[-1].directives.append(shlex.split(line, posix=True))
    assert len(stack) == 1, "unclosed section in .htaccess"
    return root


@pytest.fixture(scope="module")
def apache() -> Block:
    return parse_apache(HTACCESS.read_text(encoding="utf-8"))


def apache_headers(section: Block) -> dict[str, str]:
    headers = {}
    for args in section.all("Header"):
        assert args[0] == "always", f"Header without always (the 404 page would lack it): {args}"
        if args[1] == "set":
            headers[args[2].lower()] = args[3]
    return headers


_IF_URI = re.compile(r"^%\{REQUEST_URI\} =~ m#(.+)#$")


def apache_uri_sections(apache: Block) -> dict[str, Block]:
    """The <If "%{REQUEST_URI} =~ m#regex#"> sections by regex."""
    found = {}
    for section in apache.blocks:
        if section.name == "If":
            match = _IF_URI.match(section.args[0])
            assert match, section.args
            found[match.group(1)] = section
    return found


# --- the two agree ----------------------------------------------------------------------------------------

def test_both_configurations_parse_and_mount_the_site_under_cchc(nginx, apache):
    assert nginx.all("index") == [["index.html"]]
    assert apache.all("DirectoryIndex") == [["index.html"]]
    assert apache.all("RewriteBase") == [[MOUNT]]
    assert ["-Indexes", "-MultiViews"] in apache.all("Options")
    assert nginx.all("autoindex") == [["off"]]


def test_same_types_for_every_extension(nginx, apache):
    (types,) = [b for b in nginx.blocks if b.name == "types"]
    nginx_types = {ext: d[0] for d in types.directives for ext in d[1:]}
    apache_types = {ext.lstrip("."): args[0] for args in apache.all("AddType") for ext in args[1:]}
    # nginx sends a .gz asked for by name as application/gzip; Apache treats .gz as an encoding of the
    # file it copies, which is how both send the copies in place of the files
    assert nginx_types.pop("gz") == "application/gzip"
    assert apache.all("RemoveType") == [[".gz"]] and apache.all("AddEncoding") == [["gzip", ".gz"]]
    assert apache_types == nginx_types
    assert nginx_types["ics"] == "text/calendar" and nginx_types["csv"] == "text/csv"
    assert nginx_types["json"] == "application/json"


def test_same_charsets(nginx, apache):
    (types,) = [b for b in nginx.blocks if b.name == "types"]
    nginx_types = {ext: d[0] for d in types.directives for ext in d[1:]}
    assert nginx.all("charset") == [["utf-8"]]
    (charset_types,) = nginx.all("charset_types")
    with_charset = set(charset_types) | {"text/html"}  # nginx adds the charset to text/html always
    nginx_extensions = {ext for ext, kind in nginx_types.items() if kind in with_charset}
    (apache_charset,) = apache.all("AddCharset")
    assert apache_charset[0] == "utf-8"
    assert {ext.lstrip(".") for ext in apache_charset[1:]} == nginx_extensions
    assert {"application/rss+xml", "application/atom+xml"} <= with_charset


def test_same_types_for_the_news_feeds(nginx, apache):
    nginx_feeds = {}
    for block in nginx.blocks:
        if block.name == "location" and block.args[0] == "=":
            (default,) = block.all("default_type")
            nginx_feeds[block.args[1]] = f"{default[0]}; charset=utf-8"
    apache_feeds = {}
    for regex, section in apache_uri_sections(apache).items():
        forced = section.all("ForceType")
        if forced:
            feed = re.fullmatch(r"\^(/cchc/\w+)\\\.xml\(\\\.gz\)\?\$", regex)
            assert feed, regex
            apache_feeds[feed.group(1) + ".xml"] = forced[0][0]
    assert apache_feeds == nginx_feeds == {"/cchc/rss.xml": "application/rss+xml; charset=utf-8",
                                           "/cchc/atom.xml": "application/atom+xml; charset=utf-8"}


def test_same_security_headers_and_the_same_csp(nginx, apache):
    outer = nginx_headers(nginx)
    hashed = nginx_headers(nginx_hashed_location(nginx))
    apache_outer = apache_headers(apache)
    assert outer.pop("cache-control") == SHORT == apache_outer.pop("cache-control")
    assert hashed.pop("cache-control") == LONG
    # nginx repeats every header in the assets' block (add_header is not inherited into a block that has its own)
    assert hashed == outer
    assert apache_outer == outer
    csp = outer["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-" not in csp
    for name in ("x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy"):
        assert name in outer


ASSET_PATHS = {  # path → kept a year
    "/cchc/assets/javascripts/bundle.a5f9d56c.min.js": True,
    "/cchc/assets/stylesheets/heza.1a2b3c4d.css": True,
    "/cchc/assets/stylesheets/main.484c7ddc.min.css": True,
    "/cchc/assets/javascripts/heza-search.0123abcd.js": True,
    "/cchc/assets/images/favicon.png": False,
    "/cchc/assets/javascripts/heza.js": False,
    "/cchc/search/chi-muc.js": False,
    "/cchc/index.html": False,
    "/cchc/ke-hoach/2021-3848-qd-ubnd.html": False,
    "/cchc/lich/tat-ca.ics": False,
    "/cchc/du-lieu/nhiem-vu.csv": False,
    "/cchc/rss.xml": False,
}


def test_same_cache_classes(nginx, apache):
    nginx_regex = nginx_hashed_location(nginx).args[1]
    long_sections = {regex for regex, section in apache_uri_sections(apache).items()
                     if apache_headers(section).get("cache-control") == LONG}
    assert long_sections == {nginx_regex}
    (apache_regex,) = long_sections
    for path, long in ASSET_PATHS.items():
        assert bool(re.search(nginx_regex, path)) is long, path
        # Apache sees the URI of the gzip copy it was rewritten to: the same class
        assert bool(re.search(apache_regex, path)) is long, path
        assert bool(re.search(apache_regex, path + ".gz")) is long, path
        # the build's own notion of a content-hashed name
        assert bool(HASHED_NAME.search(path.rsplit("/", 1)[1])) is long or not path.startswith("/cchc/assets/"), path
    # mod_expires would add a max-age of its own
    (expires,) = [s for s in apache.blocks if s.name == "IfModule" and s.args == ["mod_expires.c"]]
    assert expires.all("ExpiresActive") == [["Off"]]


def test_same_404_page_and_hidden_files_refused(nginx, apache):
    assert nginx.all("error_page") == [["404", "/cchc/404.html"]]
    assert apache.all("ErrorDocument") == [["404", "/cchc/404.html"]]
    (hidden,) = [b for b in nginx.blocks if b.name == "location" and "\\." in b.args[-1] and "assets" not in b.args[-1]]
    assert hidden.all("return") == [["404"]]
    rules = apache.all("RewriteRule")
    assert [r"(^|/)\.", "-", "[R=404,L]"] in rules
    for hidden_path in (".heza-site", "du-lieu/.an"):
        assert re.search(r"(^|/)\.", hidden_path) and re.search(hidden.args[-1], MOUNT + hidden_path)


def test_both_send_the_gzip_copies_of_what_the_build_compresses(nginx, apache):
    assert nginx.all("gzip_static") == [["on"]] and nginx.all("gzip_vary") == [["on"]]
    conditions = apache.all("RewriteCond")
    assert ["%{HTTP:Accept-Encoding}", "gzip"] in conditions
    assert ["%{REQUEST_FILENAME}.gz", "-f"] in conditions
    (gzip_rule,) = [r for r in apache.all("RewriteRule") if r[1] == "$1.gz"]
    extensions = re.search(r"\\\.\(([a-z0-9|]+)\)\)\$$", gzip_rule[0])
    assert extensions, gzip_rule
    assert {"." + e for e in extensions.group(1).split("|")} == set(COMPRESSIBLE)
    (vary,) = [s for s in apache.blocks if s.name == "FilesMatch"]
    assert vary.args[0] == rf"\.({extensions.group(1)})(\.gz)?$"
    assert vary.all("Header") == [["always", "merge", "Vary", "Accept-Encoding"]]


# --- workflows --------------------------------------------------------------------------------------------

def load_workflows() -> dict[str, dict]:
    found = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # YAML 1.1 reads the key `on` as True
        data["on"] = data.pop(True, data.get("on"))
        found[path.name] = data
    return found


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses(workflow: dict, action: str) -> list[dict]:
    return [step for step in steps(workflow) if step.get("uses", "").split("@")[0] == action]


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict]:
    found = load_workflows()
    assert found, "no workflow in .github/workflows"
    return found


def test_a_workflow_rebuilds_every_day_and_commits_the_calendar_history(workflows):
    daily = {name: w for name, w in workflows.items() if "schedule" in (w["on"] or {})}
    assert daily, "no scheduled workflow"
    for name, workflow in daily.items():
        assert all(re.fullmatch(r"[\d*/,-]+ [\d*/,-]+ \* \* \*", s["cron"]) for s in workflow["on"]["schedule"]), name
        assert "workflow_dispatch" in workflow["on"], name
        text = runs(workflow)
        assert "make site" in text, name
        assert "content/lich-su-lich.yaml" in text and "git commit" in text and "git push" in text, name
        assert workflow.get("permissions", {}).get("contents") == "write" or any(
            job.get("permissions", {}).get("contents") == "write" for job in workflow["jobs"].values()), name
        (upload,) = uses(workflow, "actions/upload-artifact")
        assert upload["with"]["path"].rstrip("/") == "site" and 1 <= int(upload["with"]["retention-days"]) <= 14


def test_pull_requests_check_changed_files_test_and_keep_the_site(workflows):
    pulls = [w for w in workflows.values() if "pull_request" in (w["on"] or {})]
    assert len(pulls) == 1
    (workflow,) = pulls
    text = runs(workflow)
    assert "heza check --format github" in text
    assert "make test" in text and "make site" in text
    (upload,) = uses(workflow, "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"


def test_installs_come_from_the_lock_file_through_make(workflows):
    for name, workflow in workflows.items():
        text = runs(workflow)
        assert "make " in text, name
        # the Makefile installs from requirements.lock with --require-hashes; a bare pip install would not
        assert not re.search(r"\bpip3? install\b|\bnpm (install|i)\b", text), name


def test_pip_audit_runs_in_a_workflow(workflows):
    assert any("make audit" in runs(w) for w in workflows.values())
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^audit:", makefile, re.M) and "pip-audit --strict --requirement requirements.lock" in makefile


SUPPORTED = {"actions/checkout": 5, "actions/setup-python": 6, "actions/setup-node": 6, "actions/upload-artifact": 6}


def test_actions_and_node_are_current(workflows):
    for name, workflow in workflows.items():
        for step in steps(workflow):
            if "uses" not in step:
                continue
            action, _, version = step["uses"].partition("@")
            assert action in SUPPORTED, (name, action)
            assert int(version.lstrip("v").split(".")[0]) >= SUPPORTED[action], (name, step["uses"])
        for step in uses(workflow, "actions/setup-node"):
            assert str(step["with"]["node-version"]) in {"22", "24"}, name  # the LTS lines still maintained


def test_dependabot_covers_pip_npm_and_actions():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) >= {"pip", "npm", "github-actions"}
    for update in ecosystems.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] in {"daily", "weekly", "monthly"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lock_file_holds_every_pin_of_pyproject():
    """Dependabot proposes new pins in pyproject.toml but does not read requirements.lock (a name it does not
    look for): such a pull request fails here until `make lock` is run on it."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [*project["dependencies"], *[p for extra in project["optional-dependencies"].values() for p in extra]]
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    locked = {_canonical(m.group(1)): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.-]+)==(\S+)", lock, re.M)}
    wrong = {}
    for pin in pins:
        name, _, version = pin.partition("==")
        if locked.get(_canonical(name)) != version:
            wrong[name] = (version, locked.get(_canonical(name)))
    assert wrong == {}, "requirements.lock is behind pyproject.toml: run `make lock`"
    assert "--hash=sha256:" in lock and {"pip", "setuptools"} <= set(locked)


def _check_step(workflows) -> str:
    (workflow,) = [w for w in workflows.values() if "pull_request" in (w["on"] or {})]
    (step,) = [s for s in steps(workflow) if "heza check --format github" in s.get("run", "")]
    return step["run"]


@pytest.mark.parametrize("changed", ["content/plans/2021-3848-qd-ubnd.yaml", "README.md"])
def test_regression_pull_request_annotations_landed_on_every_file(workflows, tmp_path, changed):
    """The workflow's own check step, run as a pull request's merge commit: warning annotations only on the content
    files the pull request changes (none when it changes none). A failing `git diff` used to list no file, and
    then every warning of every plan was annotated."""
    repo, home = tmp_path / "repo", tmp_path / "home"
    shutil.copytree(REPO / "content", repo / "content")
    (repo / "README.md").write_text("# kho\n", encoding="utf-8")
    (repo / ".venv" / "bin").mkdir(parents=True)
    (repo / ".venv" / "bin" / "heza").symlink_to(Path(sys.executable).parent / "heza")
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "GITHUB_EVENT_NAME": "pull_request",
           "GITHUB_WORKSPACE": str(repo), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.vn",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.vn"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", "content", "README.md")
    git("commit", "-qm", "base")
    with (repo / changed).open("a", encoding="utf-8") as file:
        file.write("# sửa\n")
    git("commit", "-qam", "change")
    run = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _check_step(workflows)],
                         cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    warned = {line.split("file=", 1)[1].split(",", 1)[0] for line in run.stdout.splitlines()
              if line.startswith("::warning")}
    assert warned == ({changed} if changed.startswith("content/") else set()), warned
