#!/usr/bin/env python3
"""Writes a small journal whose text is hostile to every output format: titles, tags, series, projects,
summaries, bodies and site.yml hold the characters XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF), other
controls and noncharacters, `]]>`, `&`, `<`, quotes, bidi controls and emoji, in prose, code, links, image alt
text, footnotes and tables. The page checks (page_checks.py) build it, then parse every feed with feedparser,
every XML file with a strict parser and JSON Feed against its schema, and run vnu over the pages.

usage: make_hostile_site.py OUT_DIR
"""

import pathlib
import sys

# Forbidden in XML 1.0 or a parse error in HTML: sitegen must drop them, with a warning.
FORBIDDEN = "\x01\x02\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\ufdd0\ufffe\uffff\U0001fffe\U0010ffff"
# Allowed everywhere, but easy to get wrong when escaping.
AWKWARD = "]]> & &amp; <b>bold</b> <script>alert(1)</script> \"quotes\" 'apostrophes' \u202eevil\u202c " \
          "\u2066isolate\u2069 \u200d\u200b 👩‍💻 🏳️‍🌈 e\u0301"


def quoted(text):
    """A YAML double-quoted string holding TEXT's characters as they are (the forbidden ones raw)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def post(day, title, tags, body, extra=""):
    tag_list = ", ".join(quoted(tag) for tag in tags)
    return f"---\ntitle: {quoted(title)}\ndate: 2025-03-{day:02d}\ntags: [{tag_list}]\n{extra}---\n{body}\n"


def main():
    out = pathlib.Path(sys.argv[1])
    posts = out / "content" / "posts"
    projects = out / "content" / "projects"
    posts.mkdir(parents=True, exist_ok=True)
    projects.mkdir(parents=True, exist_ok=True)
    (out / "site.yml").write_text(
        f"title: {quoted(f'Hostile{FORBIDDEN[:3]} & <journal> ]]>')}\n"
        f"description: {quoted(f'Text{FORBIDDEN[3:6]} that breaks {AWKWARD[:20]}')}\n"
        "author: \"A & B <writer>\"\nlanguage: en\nbase_url: https://example.com/\ntimezone: UTC\n",
        encoding="utf-8")
    (projects / "tool.md").write_text(
        f"---\ntitle: {quoted(f'Tool{FORBIDDEN[6:9]} & <co>')}\nstatus: active\nstarted: 2025-01-01\n---\n"
        f"A project{FORBIDDEN[9:12]} {AWKWARD}\n", encoding="utf-8")
    bodies = [
        f"Prose with{FORBIDDEN} every forbidden character and {AWKWARD}.\n\n"
        f"A [link{FORBIDDEN[:4]} & <text>](https://example.com/?a=1&b=2 \"title ]]> {FORBIDDEN[4:8]}\") "
        f"and ![alt{FORBIDDEN[8:]} & ]]>](/missing.png \"caption{FORBIDDEN[:2]}\").",
        f"```text\ncode{FORBIDDEN} ]]> & <tag>\n```\n\nInline `code{FORBIDDEN[:5]} ]]>` and a footnote.[^n]\n\n"
        f"[^n]: The note{FORBIDDEN[5:]} {AWKWARD}\n",
        f"| head{FORBIDDEN[:3]} | ]]> |\n|---|---|\n| & | {AWKWARD} |\n\n> [!NOTE]\n> Alert{FORBIDDEN[3:]} ]]>\n\n"
        f"- [x] done{FORBIDDEN[:2]}\n- [ ] open & <x>\n",
        f"# Heading{FORBIDDEN[:6]} ]]> & <h>\n\nText.\n\n## Second{FORBIDDEN[6:]} 👩‍💻\n\nMore text {AWKWARD}.\n\n"
        f"[A video{FORBIDDEN[:3]} {AWKWARD}](https://youtu.be/w7Ft2ymGmfc?t=1&x=\"'<)\n\nhttps://x.com/a_b/status/1",
    ]
    for index, body in enumerate(bodies):
        title = f"Post {index}{FORBIDDEN[index:index + 4]} & <em>{AWKWARD[:12]}"
        tags = [f"tag{FORBIDDEN[index]}", "c++ & <c>", "émoji-👩‍💻", f"bidi\u202e{index}"]
        extra = (f"summary: {quoted(f'Summary{FORBIDDEN[index + 1:index + 3]} ]]> & <b>')}\n"
                 f"project: tool\nseries: {quoted(f'Series{FORBIDDEN[2]} & <s>')}\nday: {index + 1}\n")
        (posts / f"2025-03-{index + 1:02d}-post-{index}.md").write_text(post(index + 1, title, tags, body, extra),
                                                                         encoding="utf-8")
    # A README with no front matter at all, and one whose body is nothing but forbidden characters.
    (posts / "2025-03-10-readme.md").write_text(f"# Readme{FORBIDDEN[:5]} & <r>\n\nPlain{FORBIDDEN} text.\n",
                                                encoding="utf-8")
    (posts / "2025-03-11-only-controls.md").write_text(f"---\ntitle: Only controls\n---\n{FORBIDDEN * 3}\n",
                                                       encoding="utf-8")


if __name__ == "__main__":
    main()
