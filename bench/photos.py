#!/usr/bin/env python3
"""Photo builds: a journal of 200 posts, each showing a phone photo (4032×3024 JPEG of several megabytes, EXIF
orientation and GPS, every tenth the post's cover), built cold (output and cache removed: every photo is made),
then warm (one post's text edited, as between two builds of a day's writing: the photos are in
`.sitegen-cache/photos/` and the output), against the same journal without its photos and the same edit.

usage: photos.py [--binary PATH] [--work DIR] [--photos N] [--runs N]
Prints the figures; bench/run.py reports them in bench/RESULTS.md.
"""

import argparse
import pathlib
import random
import re
import shutil
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def make_photo(path, seed):
    """A 4032×3024 photo with detail at every scale, stored on its side with orientation 6 and a GPS position."""
    from PIL import Image, ImageDraw  # noqa: PLC0415

    rng = random.Random(seed)
    width, height = 4032, 3024
    image = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270])).resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(1500):
        size = int(rng.paretovariate(1.2) * 16)
        x, y = rng.randrange(width), rng.randrange(height)
        draw.ellipse((x, y, x + size, y + size * rng.uniform(0.3, 2)), fill=tuple(rng.randrange(256) for _ in range(3)))
    image = Image.blend(image, Image.effect_noise((width, height), 40).convert("RGB"), 0.12)
    exif = Image.Exif()
    exif[0x0112] = 6
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, float(seed % 60)), 3: "W", 4: (0.0, 7.0, 0.0)})
    # Saved under another name first, so that a run stopped while saving leaves no half photo to be taken later.
    part = path.with_name(path.stem + ".part.jpg")
    image.save(part, quality=90, exif=exif)
    part.rename(path)


def journal(folder, photos, with_photos):
    """The journal: `photos` posts in bundles, each with its photo (or, without photos, the same text alone). One
    that a stopped run left partly made (no marker beside it) is made again."""
    made = folder.with_name(folder.name + ".made")
    if folder.exists() and made.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    posts = folder / "content" / "posts"
    posts.mkdir(parents=True)
    (folder / "site.yml").write_text("title: Photo journal\nbase_url: https://example.com/\ntimezone: UTC\n")
    shared = folder.parent / "photos-originals"
    shared.mkdir(exist_ok=True)
    for number in range(photos):
        bundle = posts / f"walk-{number:03}"
        bundle.mkdir()
        cover = "cover: view.jpg\n" if with_photos and number % 10 == 0 else ""
        image = "\n![The view from the top](view.jpg \"At the top\")\n" if with_photos else ""
        day = f"2025-{number % 12 + 1:02}-{number % 28 + 1:02}"
        (bundle / "index.md").write_text(
            f"---\ntitle: Walk {number}\ndate: {day}\ntags: [walks, photos]\n{cover}---\n\n"
            f"We walked up the hill before sunrise, the {number}th time this year.\n{image}\nThen down again.\n")
        if with_photos:
            original = shared / f"view-{number:03}.jpg"
            if not original.exists():
                make_photo(original, number)
            shutil.copy(original, bundle / "view.jpg")
    made.touch()
    return folder


def build(binary, site, cold, edit=True):
    """One `sitegen build` with the cache folder: `cold` removes the output and the cache first; otherwise one
    post's text is edited (unless `edit` is false: the rebuild with nothing changed), so that the build is not
    skipped as up to date."""
    if cold:
        shutil.rmtree(site / "public", ignore_errors=True)
        shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)
    elif edit:
        post = site / "content" / "posts" / "walk-007" / "index.md"
        post.write_text(post.read_text() + f"\nEdited at {time.monotonic_ns()}.\n")
    started = time.monotonic()
    done = subprocess.run([binary, "build", "--source", str(site)], capture_output=True, text=True, check=True)
    seconds = time.monotonic() - started
    resized = re.search(r"Resized (\d+) photo", done.stdout)
    return seconds, int(resized.group(1)) if resized else 0


def photo_figures(binary, work, photos=200, runs=9):
    """One cold build of the photo journal (the slow one), then `runs` warm builds of it and of the same journal
    without photos, alternating."""
    work = pathlib.Path(work)
    work.mkdir(parents=True, exist_ok=True)
    with_photos = journal(work / "photo-journal", photos, True)
    without = journal(work / "photo-journal-text", photos, False)
    cold = build(binary, with_photos, True)
    build(binary, without, True)
    warms, plain, unchanged, unchanged_plain = [], [], [], []
    for _ in range(runs):
        warms.append(build(binary, with_photos, False))
        plain.append(build(binary, without, False))
    # Past the moment a file edited just now is compared by its bytes, then built again with nothing changed.
    time.sleep(1.1)
    for _ in range(runs):
        unchanged.append(build(binary, with_photos, False, edit=False)[0])
        unchanged_plain.append(build(binary, without, False, edit=False)[0])
    return {
        "photos": photos,
        "cold": cold[0],
        "cold_resized": cold[1],
        "warm": statistics.median(s for s, _ in warms),
        "warm_resized": max(r for _, r in warms),
        "without": statistics.median(s for s, _ in plain),
        "unchanged": statistics.median(unchanged),
        "unchanged_without": statistics.median(unchanged_plain),
        "original_bytes": sum(p.stat().st_size for p in with_photos.glob("content/**/view.jpg")),
        "published_bytes": sum(p.stat().st_size for p in (with_photos / "public").rglob("view*")),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "sitegen"))
    parser.add_argument("--work", default="/tmp/sitegen-bench")
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    figures = photo_figures(args.binary, args.work, args.photos, args.runs)
    print(figures)
    print(f"cold {figures['cold']:.2f} s ({figures['cold_resized']} resized), warm {figures['warm']:.2f} s "
          f"({figures['warm_resized']} resized), without photos {figures['without']:.2f} s: warm is "
          f"{figures['warm'] / figures['without']:.2f}× the build without photos; nothing changed: "
          f"{figures['unchanged'] * 1000:.0f} ms against {figures['unchanged_without'] * 1000:.0f} ms, "
          f"{figures['unchanged'] / figures['unchanged_without']:.2f}×")


if __name__ == "__main__":
    main()
