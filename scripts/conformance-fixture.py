#!/usr/bin/env python3
"""Writes Tests/SitegenMarkdownTests/Conformance/cmark-gfm-examples.json: every example (markdown and expected
HTML, none of the spec's prose) of cmark-gfm's test/spec.txt and test/extensions.txt, read from a git copy of
github/cmark-gfm at one commit.

    scripts/conformance-fixture.py GIT_DIR [COMMIT]

The examples are parsed as cmark-gfm's own test/spec_tests.py parses them (the `→` of the spec is a tab);
examples marked `disabled` are kept too, since sitegen must not crash on them either.
"""
import json
import pathlib
import re
import subprocess
import sys

FENCE = "`" * 32


def examples(text, file):
    found, state, markdown, html, options, section, number = [], 0, [], [], [], "", 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith(FENCE + " example"):
            state, options = 1, stripped[len(FENCE + " example"):].split()
        elif stripped == FENCE and state:
            number += 1
            found.append({
                "file": file, "number": number, "section": section, "extensions": options,
                "markdown": "".join(markdown).replace("→", "\t"), "html": "".join(html).replace("→", "\t"),
            })
            state, markdown, html = 0, [], []
        elif stripped == "." and state == 1:
            state = 2
        elif state == 1:
            markdown.append(line)
        elif state == 2:
            html.append(line)
        elif state == 0 and re.match("#+ ", line):
            section = re.sub("#+ ", "", line).strip()
    return found


def main():
    git_dir = sys.argv[1]
    commit = subprocess.check_output(["git", "--git-dir", git_dir, "rev-parse", sys.argv[2] if len(sys.argv) > 2 else "HEAD"],
                                     text=True).strip()
    every = []
    for file in ["test/spec.txt", "test/extensions.txt"]:
        text = subprocess.check_output(["git", "--git-dir", git_dir, "show", f"{commit}:{file}"]).decode("utf-8")
        every += examples(text, file)
    out = pathlib.Path(__file__).resolve().parent.parent / "Tests/SitegenMarkdownTests/Conformance/cmark-gfm-examples.json"
    document = {
        "source": "https://github.com/github/cmark-gfm",
        "commit": commit,
        "licence": "The examples are from the GitHub Flavored Markdown Spec and cmark-gfm's extensions test, "
                   "CC-BY-SA 4.0 (http://creativecommons.org/licenses/by-sa/4.0/); see LICENSE beside this file.",
        "examples": every,
    }
    out.write_text(json.dumps(document, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(every)} examples from {commit} written to {out}")


if __name__ == "__main__":
    main()
