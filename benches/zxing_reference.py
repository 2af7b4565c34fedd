"""zxing-cpp as the reference reader, for side-by-side measurements (examples/corpus.rs,
benches/process.rs). Not part of giroscope: it needs the zxing-cpp Python package, e.g.

    python3 -m venv target/zxing-venv
    target/zxing-venv/bin/pip install zxing-cpp opencv-python-headless

Reads one image path per line on stdin; answers each with one JSON line on stdout:
    {"load_ms": .., "read_ms": .., "codes": [{"corners": [[x, y] x4], "hex": ".."}]}
load_ms is cv2.imread to grey as stored (EXIF orientation not applied: the ground truth is in stored pixels) (libjpeg-turbo for JPEGs), read_ms zxing-cpp's QR read (try
harder, try invert: the settings its README recommends for photos). A line "version" answers
with the versions in use.
"""

import json
import sys
import time
from importlib.metadata import version

import cv2
import zxingcpp


def read(path):
    started = time.perf_counter()
    grey = cv2.imread(path, cv2.IMREAD_GRAYSCALE | cv2.IMREAD_IGNORE_ORIENTATION)
    loaded = time.perf_counter()
    codes = []
    if grey is not None:
        for barcode in zxingcpp.read_barcodes(
            grey, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=True
        ):
            p = barcode.position
            corners = [[q.x, q.y] for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
            codes.append({"corners": corners, "hex": barcode.bytes.hex()})
    done = time.perf_counter()
    return {
        "load_ms": (loaded - started) * 1000.0,
        "read_ms": (done - loaded) * 1000.0,
        "codes": codes,
    }


def main():
    for line in sys.stdin:
        path = line.rstrip("\n")
        if path == "version":
            answer = {"zxing-cpp": version("zxing-cpp"), "opencv": cv2.__version__}
        else:
            answer = read(path)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
