#!/usr/bin/env python3
"""Load test of `sitegen serve`, bounded and on loopback only: CONNECTIONS keep-alive connections for SECONDS
seconds (Debian's `wrk`, three runs at once) ask for pages (posts, the home page, tag pages), mistyped URLs
(404) and machine files (the feed, the sitemap, tag feeds, the search index), while a sixteenth of them hold
event streams open and one post is edited every second, on the second. Each edit's text must show in the post's
page within 10 s. Prints the figures, with how long edits took to show, and exits 1 on any error, a missed edit
or a page p99 over the target.

usage: serve-load.py [--binary PATH] [--posts N] [--connections N] [--seconds S] [--p99-ms MS] [--pause-ms MS]

By default every connection sends its next request as soon as the last is answered, which keeps both cores
(shared with wrk) saturated; --pause-ms paces each connection, as browsers do.

The site is ../shared/bench/make-corpus.py's corpus of N posts, in a temporary folder. Requests go to
127.0.0.1 only, each connection is closed at the end, and the run stops by itself.
"""

import argparse
import pathlib
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
CORPUS = REPOSITORY.parent / "shared" / "bench" / "make-corpus.py"
# Seconds within which an edit must show on its page.
EDIT_DEADLINE = 10


def request(port, path, timeout=30):
    """One GET over a new connection; returns (status, body bytes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    return status, body


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(REPOSITORY / ".build" / "release" / "sitegen"))
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--p99-ms", type=float, default=50)
    parser.add_argument("--pause-ms", type=int, default=0,
                        help="each connection waits this long between requests (0: as fast as the server answers)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sitegen-serve-load-") as folder:
        site = pathlib.Path(folder) / "site"
        subprocess.run([sys.executable, str(CORPUS), str(site), "--posts", str(args.posts)], check=True,
                       stdout=subprocess.DEVNULL)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        server = subprocess.Popen([args.binary, "serve", "--source", str(site), "--port", str(port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            started = time.monotonic()
            for line in server.stdout:
                if line.startswith("Serving "):
                    break
            print(f"serve started in {time.monotonic() - started:.1f} s for {args.posts} posts")
            rebuilds = []

            def drain():
                for line in server.stdout:
                    found = re.match(r"Rebuilt in ([0-9.]+) s", line)
                    if found:
                        rebuilds.append(float(found.group(1)))

            threading.Thread(target=drain, daemon=True).start()
            run(args, site, port, rebuilds)
        finally:
            server.terminate()
            server.wait(timeout=30)


LUA = """
local paths = {%s}
local wanted = %d
local pause = %d
local threads = {}
wrong = 0
setup = function(thread)
  table.insert(threads, thread)
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
if pause > 0 then
  delay = function()
    return pause
  end
end
-- A response callback makes wrk copy every body into Lua (1.6 MB for the archive page at 10k posts), so it is
-- set only where a status other than 200 is wanted; for 200, wrk's own count of other statuses is the check.
if wanted ~= 200 then
  response = function(status, headers, body)
    if status ~= wanted then wrong = wrong + 1 end
  end
end
done = function(summary, latency, requests)
  local mismatched = 0
  if wanted == 200 then
    mismatched = summary.errors.status
  else
    for _, thread in ipairs(threads) do mismatched = mismatched + thread:get("wrong") end
  end
  io.write(string.format("wrk-result %%d %%d %%d %%.3f %%.3f %%.3f\\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    mismatched, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def wrk(port, paths, wanted, connections, seconds, folder, name, pause_ms=0):
    """Runs wrk (Debian's) with keep-alive connections over `paths`; returns the thread that fills a result."""
    script = pathlib.Path(folder) / f"{name}.lua"
    quoted = ", ".join('"' + p.replace('"', '') + '"' for p in paths)
    script.write_text(LUA % (quoted, wanted, pause_ms))
    result = {}

    def go():
        finished = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--timeout", "10s", "-s", str(script),
                                   f"http://127.0.0.1:{port}/"], capture_output=True, text=True)
        output = finished.stdout
        if "wrk-result" not in output:
            print(f"wrk ({name}) gave no result: {finished.stderr.strip()[-300:]} {output.strip()[-300:]}")
        for line in output.splitlines():
            if line.startswith("wrk-result"):
                fields = line.split()[1:]
                result.update(requests=int(fields[0]), socket_errors=int(fields[1]), wrong=int(fields[2]),
                              p50=float(fields[3]), p99=float(fields[4]), max=float(fields[5]))
        result.setdefault("requests", 0)

    thread = threading.Thread(target=go)
    thread.start()
    return thread, result


def run(args, site, port, rebuilds):
    posts = sorted((site / "content" / "posts").glob("*.md"))
    _, home = request(port, "/")
    post_paths = sorted(set(re.findall(rb'href="(/posts/[^"#]+/)"', home)))
    tag_paths = sorted(set(re.findall(rb'href="(/tags/[^"#/]+/)"', request(port, "/tags/")[1])))
    pages = [p.decode() for p in post_paths] + [p.decode() for p in tag_paths[:50]] + ["/", "/archive/", "/tags/"]
    machine = ["/feed.xml", "/sitemap.xml", "/feed.json", "/search-index.json"] + [
        p.decode() + "feed.xml" for p in tag_paths[:20]]
    missing = [f"/posts/no-such-post-{n}/" for n in range(200)]
    streams = max(1, args.connections // 16)
    page_connections = max(1, (args.connections - streams) * 3 // 4)
    other_connections = max(1, (args.connections - streams - page_connections) // 2)
    print(f"mix: {page_connections} connections on {len(pages)} pages, {other_connections} on 404s, "
          f"{other_connections} on {len(machine)} machine files, {streams} event streams (keep-alive, wrk)")

    errors = []
    deadline = time.monotonic() + args.seconds

    def stream():
        # An open event stream, as every open browser tab keeps one.
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
                connection.sendall(f"GET /__sitegen/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                while time.monotonic() < deadline:
                    try:
                        if not connection.recv(4096):
                            errors.append("event stream closed early")
                            return
                    except socket.timeout:
                        pass
        except OSError as error:
            errors.append(f"event stream: {error}")

    stream_threads = [threading.Thread(target=stream) for _ in range(streams)]
    for thread in stream_threads:
        thread.start()
    with tempfile.TemporaryDirectory() as folder:
        runs = {
            "page": wrk(port, pages, 200, page_connections, args.seconds, folder, "pages", args.pause_ms),
            "404": wrk(port, missing, 404, other_connections, args.seconds, folder, "missing", args.pause_ms),
            "machine": wrk(port, machine, 200, other_connections, args.seconds, folder, "machine", args.pause_ms),
        }
        # One post edited every second, on the second whatever the server does; each edit must show on its page
        # within EDIT_DEADLINE seconds. Each edit is of a post not edited before, and is watched by its own thread.
        edit_rng = random.Random(7)
        shown_after = []
        watchers = []

        def watch(marker, slug, saved):
            while time.monotonic() < saved + EDIT_DEADLINE:
                try:
                    if marker.encode() in request(port, f"/posts/{slug}/")[1]:
                        shown_after.append(time.monotonic() - saved)
                        return
                except OSError:
                    pass
                time.sleep(0.02)
            errors.append(f"edit {marker} of /posts/{slug}/ did not show within {EDIT_DEADLINE} s")

        edits = 0
        next_edit = time.monotonic()
        for post in edit_rng.sample(posts, len(posts)):
            if next_edit > deadline - 2:
                break
            time.sleep(max(0.0, next_edit - time.monotonic()))
            marker = f"load-edit-{edits}"
            post.write_text(post.read_text().rstrip("\n") + f"\n\nEdited during the load test: {marker}.\n")
            saved = time.monotonic()
            slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.stem)
            watcher = threading.Thread(target=watch, args=(marker, slug, saved))
            watcher.start()
            watchers.append(watcher)
            edits += 1
            next_edit += 1
        for watcher in watchers:
            watcher.join()
        seen = len(shown_after)
        for thread, _ in runs.values():
            thread.join()
    for thread in stream_threads:
        thread.join()

    total = sum(result["requests"] for _, result in runs.values())
    failures = sum(result.get("socket_errors", 0) + result.get("wrong", 0) for _, result in runs.values())
    print(f"{total} requests in {args.seconds:.0f} s over {args.connections} connections; "
          f"errors: {failures + len(errors)}")
    for kind, (_, result) in runs.items():
        print(f"  {kind:8} {result['requests']:7} requests  p50 {result.get('p50', 0):7.1f} ms  "
              f"p99 {result.get('p99', 0):7.1f} ms  max {result.get('max', 0):7.1f} ms  "
              f"errors {result.get('socket_errors', 0)} socket, {result.get('wrong', 0)} wrong status")
    print(f"edits: {seen} of {edits} shown; save to page p50 {percentile(shown_after, 0.5) * 1000:.0f} ms, "
          f"max {max(shown_after, default=0) * 1000:.0f} ms")
    print(f"rebuilds: {len(rebuilds)}, each p50 {percentile(rebuilds, 0.5) * 1000:.0f} ms, "
          f"max {max(rebuilds, default=0) * 1000:.0f} ms (as serve reports them)")
    for error in errors[:10]:
        print("  error: " + error)
    page_p99 = runs["page"][1].get("p99", float("inf"))
    met = failures == 0 and not errors and seen == edits and page_p99 <= args.p99_ms
    print(f"target: 0 errors, every edit shown, page p99 <= {args.p99_ms:.0f} ms: {'met' if met else 'NOT met'}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
