#!/usr/bin/env python3
"""Makes the photo fixtures of Tests/SitegenImagesTests/Fixtures with Pillow (pip install pillow): small images
carrying what a phone puts in a photo (EXIF orientation 6, a GPS position, make and model, a copyright, XMP with
the position again), so that tests can check that sitegen turns them upright and publishes none of it.

usage: make-photo-fixtures.py [FOLDER] [--phone-size WxH]
"""

import argparse
import pathlib

from PIL import Image

XMP = b"""<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
<rdf:Description xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='51,30.0N' exif:GPSLongitude='0,7.0W'/>
</rdf:RDF></x:xmpmeta><?xpacket end='w'?>"""


def phone_photo(width, height):
    """Left half red, right half blue, as the sensor saw it; orientation 6 says: turn it a quarter clockwise to
    show it, so that upright it is red on top and blue below."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (width // 2, 0, width, height))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x8298] = "Copyright the writer"  # Copyright
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 0.0)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 0.0)
    return image, exif


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=str(pathlib.Path(__file__).resolve().parents[1]
                                                          / "Tests" / "SitegenImagesTests" / "Fixtures"))
    parser.add_argument("--phone-size", default="64x48")
    args = parser.parse_args()
    folder = pathlib.Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    width, height = (int(n) for n in args.phone_size.split("x"))
    image, exif = phone_photo(width, height)
    image.save(folder / "phone.jpg", quality=90, exif=exif, xmp=XMP)
    image.save(folder / "phone.png", exif=exif)
    image.save(folder / "phone.webp", quality=90, exif=exif, xmp=XMP)
    # A diagram: a PNG with no metadata, tall enough that libvips reads it in several strips.
    Image.new("RGB", (640, 360), (40, 90, 160)).save(folder / "diagram.png")


if __name__ == "__main__":
    main()
