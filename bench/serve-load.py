#!/usr/bin/env python3
"""Load test of `sitegen serve`, bounded and on loopback only: CONNECTIONS clients for SECONDS seconds ask for a
mix of pages (posts, the home page, tag pages), mistyped URLs (404), machine files (the feed, the sitemap, tag
feeds, the search index) and hold event streams open, while one post is edited every second. Each edit's text
must show in the post's page. Prints the figures and exits 1 on any error, a missed edit or a page p99 over
the target.

usage: serve-load.py [--binary PATH] [--posts N] [--connections N] [--seconds S] [--p99-ms MS]

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
            threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
            run(args, site, port)
        finally:
            server.terminate()
            server.wait(timeout=30)


def run(args, site, port):
    posts = sorted((site / "content" / "posts").glob("*.md"))
    _, home = request(port, "/")
    post_paths = sorted(set(re.findall(rb'href="(/posts/[^"#]+/)"', home)))
    tag_paths = sorted(set(re.findall(rb'href="(/tags/[^"#/]+/)"', request(port, "/tags/")[1])))
    pages = [p.decode() for p in post_paths] + [p.decode() for p in tag_paths[:50]] + ["/", "/archive/", "/tags/"]
    machine = ["/feed.xml", "/sitemap.xml", "/feed.json", "/search-index.json"] + [
        p.decode() + "feed.xml" for p in tag_paths[:20]]
    print(f"mix: {len(pages)} pages, {len(machine)} machine files, 404s, event streams")

    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    latencies = {"page": [], "404": [], "machine": []}
    errors = []

    def client(number):
        rng = random.Random(number)
        if number % 16 == 0:
            # An open event stream, as every open browser tab keeps one.
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as stream:
                    stream.sendall(f"GET /__sitegen/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                    while time.monotonic() < deadline:
                        try:
                            if not stream.recv(4096):
                                with lock:
                                    errors.append("event stream closed early")
                                return
                        except socket.timeout:
                            pass
            except OSError as error:
                with lock:
                    errors.append(f"event stream: {error}")
            return
        while time.monotonic() < deadline:
            roll = rng.random()
            kind, path, wanted = (("page", rng.choice(pages), 200) if roll < 0.7 else
                                  ("404", f"/posts/no-such-post-{rng.randrange(10**6)}/", 404) if roll < 0.85 else
                                  ("machine", rng.choice(machine), 200))
            start = time.monotonic()
            try:
                status, _ = request(port, path)
            except OSError as error:
                with lock:
                    errors.append(f"{path}: {error}")
                continue
            elapsed = (time.monotonic() - start) * 1000
            with lock:
                latencies[kind].append(elapsed)
                if status != wanted:
                    errors.append(f"{path}: status {status}, wanted {wanted}")

    threads = [threading.Thread(target=client, args=(number,)) for number in range(args.connections)]
    for thread in threads:
        thread.start()

    # One post edited every second; each edit must show on its page.
    edits, seen = 0, 0
    edit_rng = random.Random(7)
    while time.monotonic() < deadline - 2:
        post = edit_rng.choice(posts)
        marker = f"load-edit-{edits}"
        text = post.read_text()
        post.write_text(text.rstrip("\n") + f"\n\nEdited during the load test: {marker}.\n")
        edits += 1
        slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.stem)
        shown = False
        until = time.monotonic() + 1
        while time.monotonic() < until + 4:
            status, body = request(port, f"/posts/{slug}/")
            if marker.encode() in body:
                shown = True
                break
            time.sleep(0.05)
        seen += shown
        if not shown:
            errors.append(f"edit {marker} of {post.name} never showed")
        time.sleep(max(0.0, until - time.monotonic()))

    for thread in threads:
        thread.join()
    total = sum(len(v) for v in latencies.values())
    print(f"{total} requests in {args.seconds:.0f} s over {args.connections} connections; errors: {len(errors)}")
    for kind, values in latencies.items():
        print(f"  {kind:8} {len(values):6} requests  p50 {percentile(values, 0.5):7.1f} ms  "
              f"p99 {percentile(values, 0.99):7.1f} ms  max {max(values, default=0):7.1f} ms")
    print(f"edits: {seen} of {edits} shown")
    for error in errors[:10]:
        print("  error: " + error)
    page_p99 = percentile(latencies["page"], 0.99)
    met = not errors and seen == edits and page_p99 <= args.p99_ms
    print(f"target: 0 errors, every edit shown, page p99 <= {args.p99_ms:.0f} ms: {'met' if met else 'NOT met'}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
