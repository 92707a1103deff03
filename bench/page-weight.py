#!/usr/bin/env python3
"""Measures what readers download and what search engines read, on the 10k corpus of
../shared/bench/make-corpus.py, and writes bench/PAGE-WEIGHT.md.

    python3 bench/page-weight.py [--posts 10000] [--binary .build/release/sitegen] [--work /tmp/sitegen-bench]

Figures: the home page's HTML bytes (target: at most 40 KB), the heaviest pages (target: none over 150 KB but the
archive and the search index's own files), the home page of a journal with 14 years of posts, and the metadata of
every post page (JSON-LD BlogPosting and BreadcrumbList, og:locale, article:published_time, article:author,
article:tag for each tag). Not a test: nothing here fails on a figure, it reports them.
"""

import argparse
import datetime
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make-corpus.py"
HOME_LIMIT = 40_000
PAGE_LIMIT = 150_000
EXEMPT = ("archive/index.html",)


def build(binary, source, output):
    subprocess.run([str(binary), "build", "--source", str(source), "--output", str(output), "--no-cache", "--quiet"],
                   check=True)


def weights(output):
    """Every HTML page's size, by path relative to the output."""
    return {str(path.relative_to(output)): path.stat().st_size for path in output.rglob("*.html")}


def metadata_problems(output):
    """Post pages that lack a piece of the metadata, by what they lack."""
    problems = {}
    posts = sorted((output / "posts").glob("*/index.html"))
    for page in posts:
        html = page.read_text()
        missing = []
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        graph = []
        if match:
            data = json.loads(match.group(1))
            graph = data.get("@graph", [data])
        types = {node.get("@type"): node for node in graph}
        posting = types.get("BlogPosting", {})
        for key in ["headline", "datePublished", "dateModified", "author", "url"]:
            if key not in posting:
                missing.append(f"BlogPosting.{key}")
        if "BreadcrumbList" not in types:
            missing.append("BreadcrumbList")
        for needle in ['property="og:locale"', 'property="article:published_time"', 'property="og:type" content="article"']:
            if needle not in html:
                missing.append(needle)
        if 'class="tag' in html and 'property="article:tag"' not in html:
            missing.append("article:tag")
        for item in missing:
            problems.setdefault(item, []).append(str(page.relative_to(output)))
    return len(posts), problems


def long_history(binary, work):
    """A journal with a post every third day for 14 years: its home page's size and the archive's."""
    source = work / "long-history"
    posts = source / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (source / "site.yml").write_text("title: Fourteen years\nbase_url: https://example.com/\ntimezone: UTC\n")
    day = datetime.date(2012, 1, 1)
    index = 0
    while day.year < 2026:
        (posts / f"{day.isoformat()}-p{index}.md").write_text(
            f"---\ntitle: Post {index}\ndate: {day.isoformat()}\ntags: [a, b]\n---\nText of post {index}.\n")
        day += datetime.timedelta(days=3)
        index += 1
    output = work / "long-history-out"
    build(binary, source, output)
    return index, (output / "index.html").stat().st_size, (output / "archive" / "index.html").stat().st_size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "sitegen"))
    parser.add_argument("--work", default="/tmp/sitegen-bench")
    args = parser.parse_args()
    work = Path(args.work)
    corpus = work / f"corpus-{args.posts}"
    if not (corpus / "content").is_dir():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus), "--posts", str(args.posts)], check=True,
                       stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="sitegen-weight-", dir=work) as folder:
        output = Path(folder) / "public"
        build(args.binary, corpus, output)
        sizes = weights(output)
        home = sizes["index.html"]
        heavy = sorted(((size, path) for path, size in sizes.items()), reverse=True)
        over = [(size, path) for size, path in heavy if size > PAGE_LIMIT and path not in EXEMPT]
        checked, problems = metadata_problems(output)
        years, long_home, long_archive = long_history(args.binary, Path(folder))
    lines = [
        "# Page weight and metadata",
        "",
        f"`python3 bench/page-weight.py --posts {args.posts}` on {datetime.date.today().isoformat()}: the "
        f"{args.posts}-post corpus of `../shared/bench/make-corpus.py`, built with `sitegen build --no-cache`.",
        "",
        "| figure | result | target | |",
        "|---|---|---|---|",
        f"| home page HTML | {home / 1000:.1f} KB | at most {HOME_LIMIT // 1000} KB | {'met' if home <= HOME_LIMIT else '**not met**'} |",
        f"| home page, 14 years of posts ({years} posts) | {long_home / 1000:.1f} KB | at most {HOME_LIMIT // 1000} KB | "
        f"{'met' if long_home <= HOME_LIMIT else '**not met**'} |",
        f"| HTML pages over {PAGE_LIMIT // 1000} KB, archive aside | {len(over)} of {len(sizes)} | none | "
        f"{'met' if not over else '**not met**'} |",
        f"| post pages missing a piece of metadata | {sum(len(v) for v in problems.values())} of {checked} | none | "
        f"{'met' if not problems else '**not met**'} |",
        "",
        "The heaviest pages:",
        "",
        "| page | KB |",
        "|---|---|",
    ]
    lines += [f"| `{path}` | {size / 1000:.1f} |" for size, path in heavy[:8]]
    lines += ["", f"The archive of the 14-year journal: {long_archive / 1000:.1f} KB (a calendar and a list per year)."]
    for item, pages in sorted(problems.items()):
        lines.append(f"- missing {item}: {len(pages)} pages, such as `{pages[0]}`")
    (ROOT / "bench" / "PAGE-WEIGHT.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
