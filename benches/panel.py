"""The calibration panel: app-class QR readers standing in for banking apps (examples/panel.rs).
Not part of giroscope: it needs Python packages, e.g.

    python3 -m venv target/panel-venv
    target/panel-venv/bin/pip install zxing-cpp opencv-python-headless pyzbar   # + Debian libzbar0

Reads one image path per line on stdin; answers each with one JSON line on stdout, each reader's
payloads as hex (a reader may see several codes or none):
    {"zxing-cpp": [".."], "opencv": [..], "opencv-aruco": [..], "zbar": [..]}
Each reader runs as an app would: zxing-cpp with its defaults (try harder, rotate, invert),
OpenCV's two detectors' detectAndDecode, ZBar's decode restricted to QR codes. A line "version"
answers with the versions in use.
"""

import json
import sys
from importlib.metadata import version

import cv2
import zxingcpp
from pyzbar import pyzbar

READERS = ("zxing-cpp", "opencv", "opencv-aruco", "zbar")


def opencv(detector, grey):
    try:
        text, _points, _straight = detector.detectAndDecode(grey)
    except cv2.error:
        return []
    # OpenCV returns the payload as text; an ASCII payload keeps its bytes.
    return [text.encode("utf-8").hex()] if text else []


def read(path):
    grey = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if grey is None:
        return {name: [] for name in READERS}
    return {
        "zxing-cpp": [
            b.bytes.hex()
            for b in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)
        ],
        "opencv": opencv(cv2.QRCodeDetector(), grey),
        "opencv-aruco": opencv(cv2.QRCodeDetectorAruco(), grey),
        "zbar": [
            s.data.hex() for s in pyzbar.decode(grey, symbols=[pyzbar.ZBarSymbol.QRCODE])
        ],
    }


def main():
    for line in sys.stdin:
        path = line.rstrip("\n")
        if path == "version":
            answer = {
                "zxing-cpp": version("zxing-cpp"),
                "opencv": cv2.__version__,
                "pyzbar": version("pyzbar"),
            }
        else:
            answer = read(path)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
