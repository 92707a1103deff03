#!/usr/bin/env python3
"""Writes a deterministic journal of N posts that uses every markdown feature the theme styles: aligned tables,
task lists, footnotes, alerts, titled and line-highlighted code, images with and without titles, math, Mermaid,
video and post embeds, nested lists and quotes, over several years of dates, with projects, series and tags. The page checks
(page_checks.py) build it and run the validators over every page.

usage: make_site.py OUT_DIR [--posts N]
"""

import argparse
import datetime
import pathlib
import random
import struct
import zlib

WORDS = ("server request response database query index cache token session deploy pipeline test schema "
         "migration route handler queue worker event stream socket client build release commit branch review "
         "practice project debug refactor design module package library function closure thread memory").split()
TAGS = ("go rust swift python docker kubernetes postgres testing ci-cd linux networking security "
        "performance career algorithms").split()
PROJECTS = ["url-shortener", "chat-server", "job-queue", "feed-reader", "rate-limiter"]


def png(width, height, rgb):
    """A solid-colour PNG of the given size."""
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def sentence(r, n=None):
    words = [r.choice(WORDS) for _ in range(n or r.randint(5, 14))]
    words[0] = words[0].capitalize()
    i = r.randrange(len(words))
    words[i] = r.choice(["**%s**", "*%s*", "`%s`", "~~%s~~", "[%s](https://example.com/)"]) % words[i]
    return " ".join(words) + "."


def paragraph(r):
    return " ".join(sentence(r) for _ in range(r.randint(2, 5)))


def blocks(r, index, has_image):
    """The body's blocks: prose with a few features chosen by the post's index, so every feature appears often."""
    out = [paragraph(r), "<!--more-->", "## " + sentence(r, 3).rstrip("."), paragraph(r)]
    kind = index % 8
    if kind == 0:
        out.append("| Name | Size | Share |\n|:-----|-----:|:-----:|\n| alpha | 12 | 10% |\n| beta | 7 | 90% |")
    elif kind == 1:
        out.append("- [x] " + sentence(r, 4) + "\n- [ ] " + sentence(r, 4) + "\n  - [x] nested step")
    elif kind == 2:
        out.append("A claim that needs a source.[^one] Another one.[^two]\n\n[^one]: " + sentence(r, 5)
                   + "\n[^two]: " + sentence(r, 4))
    elif kind == 3:
        alert = r.choice(["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"])
        out.append(f"> [!{alert}]\n> {sentence(r)}")
    elif kind == 4:
        out.append('```go title="main.go" {2-3}\npackage main\n\nimport "fmt"\n\nfunc main() {\n'
                   '\tfmt.Println("hello, world") // greet\n}\n```')
    elif kind == 5:
        out.append("Energy is $E = mc^2$, and a sum:\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$")
    elif kind == 6:
        out.append("```mermaid\ngraph TD\n  A[Request] --> B{Cached?}\n  B -->|yes| C[Serve]\n  B -->|no| D[Build]\n```")
        out.append("[A talk about " + sentence(r, 3).rstrip(".") + "](https://www.youtube.com/watch?v=w7Ft2ymGmfc)\n\n"
                   "https://vimeo.com/146022717\n\nhttps://x.com/golang/status/1453110110599868418")
    else:
        out.append("> " + sentence(r) + "\n>\n> > " + sentence(r, 5) + "\n\n1. " + sentence(r, 4) + "\n   - "
                   + sentence(r, 3) + "\n2. " + sentence(r, 4))
    out.append("```python {1}\ndef handler(request):\n    return {\"ok\": True}\n```")
    out.append("```\nplain text block with a very long line " + "that keeps going " * 12 + "\n```")
    if has_image:
        out.append('![A diagram of the request flow](diagram.png "How a request flows")')
        out.append("Inline image ![small icon](icon.png) in prose.")
    out.append("### " + sentence(r, 2).rstrip(".") + "\n\n" + paragraph(r))
    return "\n\n".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--posts", type=int, default=1000)
    args = parser.parse_args()
    r = random.Random(14)
    root = pathlib.Path(args.out)
    posts = root / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (root / "content" / "projects").mkdir(parents=True, exist_ok=True)
    (root / "content" / "pages").mkdir(parents=True, exist_ok=True)
    (root / "site.yml").write_text(
        "title: Generated Journal\ndescription: A generated learning journal.\nauthor: Robin Example\n"
        "language: en\nbase_url: https://example.com/\ntimezone: UTC\npaginate: 10\n"
        "series:\n  daily-go:\n    title: Daily Go\n    days: 60\n")
    for name in PROJECTS:
        (root / "content" / "projects" / f"{name}.md").write_text(
            f"---\ntitle: {name.replace('-', ' ').title()}\nstatus: active\nstarted: 2019-03-01\n---\n{paragraph(r)}\n")
    (root / "content" / "pages" / "about.md").write_text("---\ntitle: About\n---\n" + paragraph(r) + "\n")
    start = datetime.date(2017, 1, 3)
    for index in range(args.posts):
        day = start + datetime.timedelta(days=index * 3 + r.randint(0, 2))
        title = sentence(r, r.randint(3, 6)).rstrip(".")
        tags = sorted(set(r.sample(TAGS, r.randint(1, 3))))
        front = [f"title: \"{title} {index}\"", f"date: {day.isoformat()}", f"tags: [{', '.join(tags)}]"]
        if index % 5 == 0:
            front.append(f"project: {PROJECTS[index % len(PROJECTS)]}")
        if index % 17 == 0:
            front.append(f"updated: {(day + datetime.timedelta(days=9)).isoformat()}")
        if 100 <= index < 130:
            front.append("series: daily-go")
        has_image = index % 10 == 9
        body = blocks(r, index, has_image)
        text = "---\n" + "\n".join(front) + "\n---\n\n" + body + "\n"
        if has_image:
            bundle = posts / f"{day.isoformat()}-post-{index}"
            bundle.mkdir(exist_ok=True)
            (bundle / "index.md").write_text(text)
            (bundle / "diagram.png").write_bytes(png(640, 360, (40, 90, 160)))
            (bundle / "icon.png").write_bytes(png(16, 16, (200, 60, 60)))
        else:
            (posts / f"{day.isoformat()}-post-{index}.md").write_text(text)


if __name__ == "__main__":
    main()
