#!/usr/bin/env python3
"""Publishes a phone photo the way a writer would and checks what readers get:

- a 4032×3024 JPEG of several megabytes, EXIF orientation 6, a GPS position in EXIF and XMP, shown in a post and
  as its cover, made with Pillow;
- `exiftool` (Debian's libimage-exiftool-perl) finds no GPS tag in any published file, the original included;
- the published original is upright (3024×4032, no orientation left to apply), read back with Pillow;
- the cover's social card is 1200×630 and the post's head gives `og:image` with its size and alt text;
- headless Chromium at a 390 px wide viewport (device pixel ratio 1) loads the post over HTTP and transfers at
  most 150 KB for the photo, summed from the performance API's resource entries;
- a file claiming 100000×100000 pixels in a few bytes fails its post at the line that shows it, at once.

usage: photo_checks.py [--binary PATH]
Exits 1 on the first check that fails.
"""

import argparse
import functools
import http.server
import io
import json
import pathlib
import random
import subprocess
import sys
import tempfile
import threading
import time

from PIL import Image, ImageDraw
from chromium import headless_chromium

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
BUDGET = 150 * 1024

XMP = (b"<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'>"
       b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
       b"xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='51,30.0N' exif:GPSLongitude='0,7.0W'/>"
       b"</rdf:RDF></x:xmpmeta><?xpacket end='w'?>")


def phone_photo(path):
    """A 4032×3024 picture with the detail of a real one at every scale (thousands of shapes of every size and
    colour, then grain), as a phone stores it: on its side, with orientation 6, a GPS position, make and model."""
    rng = random.Random(4032)
    width, height = 4032, 3024
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(6000):
        size = int(rng.paretovariate(1.2) * 12)
        x, y = rng.randrange(width), rng.randrange(height)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + size, y + size * rng.uniform(0.3, 2)), fill=colour)
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    image = Image.blend(image, grain, 0.15)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 15"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    image.save(path, quality=92, exif=exif, xmp=XMP)


def run(binary, site):
    return subprocess.run([binary, "build", "--source", str(site)], capture_output=True, text=True)


def check_location_and_orientation(public, failures):
    found = subprocess.run(["exiftool", "-j", "-r", "-G", "-a", "-ext", "*", str(public)], capture_output=True, text=True)
    records = json.loads(found.stdout or "[]")
    images = [r for r in records if r.get("File:MIMEType", "").startswith("image/")]
    if len(images) < 8:
        failures.append(f"expected the original, six copies and a card among the published images, found {len(images)}")
    for record in records:
        gps = [key for key in record if "GPS" in key]
        if gps:
            failures.append(f"{record['SourceFile']} still has {gps}")
    original = next(public.rglob("view.jpg"), None)
    if original is None:
        failures.append("the original view.jpg was not published")
        return
    with Image.open(original) as image:
        orientation = image.getexif().get(0x0112, 1)
        if image.size != (3024, 4032) or orientation != 1:
            failures.append(f"the original is {image.size} with orientation {orientation}, not upright 3024×4032")


def check_social_card(public, failures):
    page = (public / "posts" / "trip" / "index.html").read_text()
    card = public / "posts" / "trip" / "view.card.jpg"
    wanted = ['<meta property="og:image" content="https://example.com/posts/trip/view.card.jpg">',
              '<meta property="og:image:width" content="1200">', '<meta property="og:image:height" content="630">',
              '<meta property="og:image:alt" content="A walk up the hill">']
    missing = [tag for tag in wanted if tag not in page]
    if missing:
        failures.append(f"the post's head lacks {missing}")
    if not card.exists():
        failures.append("no social card was published for the cover")
        return
    with Image.open(card) as image:
        if image.size != (1200, 630):
            failures.append(f"the social card is {image.size}, not 1200×630")


def check_transfer(public, failures):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(public))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *_args: None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = headless_chromium()
    try:
        # Headless windows are at least 500 px wide; the phone's viewport is emulated instead, as DevTools does.
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        browser.get(f"http://127.0.0.1:{server.server_address[1]}/posts/trip/")
        width = browser.execute_script("return window.innerWidth")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done = browser.execute_script(
                "return [...document.images].every(i => i.complete && i.naturalWidth > 0)")
            if done:
                break
            time.sleep(0.2)
        entries = browser.execute_script(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes('/view'))"
            ".map(e => [e.name, e.transferSize])")
        shown = browser.execute_script(
            "const i = document.querySelector('.content picture img'); return i ? i.currentSrc : null")
        total = sum(size for _, size in entries)
        print(f"viewport {width} px: the photo's requests {entries}, shown {shown}; {total} bytes in all")
        if width != 390:
            failures.append(f"the viewport is {width} px wide, not 390")
        if not entries or total > BUDGET:
            failures.append(f"the photo cost {total} bytes at 390 px, more than {BUDGET} (or nothing was loaded)")
        if not shown or ".webp" not in shown:
            failures.append(f"Chromium showed {shown}, not a WebP copy")
    finally:
        browser.quit()
        server.shutdown()


def check_huge_header(binary, site, failures):
    png = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + b"IHDR"
    png += (100000).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0, 0, 0, 0, 0])
    (site / "content" / "posts" / "trip" / "huge.png").write_bytes(png)
    index = site / "content" / "posts" / "trip" / "index.md"
    index.write_text(index.read_text() + "\nAnd a huge one:\n\n![Huge](huge.png)\n")
    started = time.monotonic()
    result = run(binary, site)
    seconds = time.monotonic() - started
    line = next((n for n, text in enumerate(index.read_text().splitlines(), 1) if "huge.png" in text), 0)
    expected = f"content/posts/trip/index.md:{line}:"
    print(f"a 100000×100000 header: exit {result.returncode} in {seconds:.2f} s: {result.stderr.strip()[:300]}")
    if result.returncode == 0 or expected not in result.stderr or "megapixel" not in result.stderr:
        failures.append(f"the huge PNG did not fail its post at {expected} with the pixel limit")
    if seconds > 5:
        failures.append(f"refusing the huge PNG took {seconds:.1f} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(REPOSITORY / ".build" / "debug" / "sitegen"))
    args = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory(prefix="sitegen-photos-") as folder:
        site = pathlib.Path(folder) / "site"
        trip = site / "content" / "posts" / "trip"
        trip.mkdir(parents=True)
        (site / "site.yml").write_text("title: Photo journal\nbase_url: https://example.com/\ntimezone: UTC\n")
        phone_photo(trip / "view.jpg")
        print(f"the phone photo: {(trip / 'view.jpg').stat().st_size} bytes")
        (trip / "index.md").write_text(
            "---\ntitle: A walk up the hill\ndate: 2025-05-01\ncover: view.jpg\n---\n\n"
            "We walked up before sunrise.\n\n![The view from the top](view.jpg \"At the top\")\n")
        result = run(args.binary, site)
        print(result.stdout.strip())
        copies = sorted((p.name, p.stat().st_size) for p in (site / "public" / "posts" / "trip").glob("view*"))
        print(f"published: {copies}")
        if result.returncode != 0:
            print(result.stderr)
            sys.exit(1)
        if "Removed the GPS position from 1 photo" not in result.stdout:
            failures.append("the build did not say it removed a GPS position")
        public = site / "public"
        check_location_and_orientation(public, failures)
        check_social_card(public, failures)
        check_transfer(public, failures)
        check_huge_header(args.binary, site, failures)
    for failure in failures:
        print("FAILED: " + failure)
    print(f"photo checks: {'all passed' if not failures else f'{len(failures)} failed'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
