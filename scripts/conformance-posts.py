#!/usr/bin/env python3
"""Writes every cmark-gfm conformance example (Tests/SitegenMarkdownTests/Conformance) into DIR as a markdown
file of its own, spec-001.md, extensions-001.md, …: the posts of scripts/leak-check.sh's conformance site and
seeds of scripts/fuzz.sh's document corpus.

    scripts/conformance-posts.py DIR
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
fixture = json.loads((root / "Tests/SitegenMarkdownTests/Conformance/cmark-gfm-examples.json").read_text("utf-8"))
folder = pathlib.Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
for example in fixture["examples"]:
    name = example["file"].rsplit("/", 1)[-1].split(".")[0]
    (folder / f"{name}-{example['number']:03d}.md").write_text(example["markdown"], "utf-8")
