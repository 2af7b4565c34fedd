#!/usr/bin/env bash
# The print-run benchmark (issue #4): giroscope on a generated N-page notice PDF, side by side
# with the pipeline a user would script instead (pdftoppm -r 300 -gray + zxing-cpp). Prints
# pages/s and peak RSS for both. Needs: poppler-utils (pdftoppm), /usr/bin/time, and Python's
# zxing-cpp (pip install zxing-cpp pillow) for the comparison; it skips what is missing.
#
#   cargo run --release --example bench_pdf -- 1000 target/bench-1000.pdf
#   benches/print-run.sh target/bench-1000.pdf
set -euo pipefail
pdf=${1:?usage: benches/print-run.sh FILE.pdf}
python=${PYTHON:-python3}
cargo build --release --quiet
pages=$(target/release/giroscope check --format json --quiet "$pdf" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["summary"]["pages"])')

measure() { # label, command...
    local label=$1; shift
    local log; log=$(mktemp)
    /usr/bin/time -v "$@" > /dev/null 2> "$log"
    local seconds rss
    seconds=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    printf '%-34s %6.1f s  %6.1f pages/s  peak RSS %5.0f MB\n' "$label" "$seconds" "$(echo "$pages / $seconds" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
    rm -f "$log"
}

echo "$pages pages, $(nproc) cores"
measure "giroscope check" target/release/giroscope check --format jsonl --quiet "$pdf"
if command -v pdftoppm > /dev/null && "$python" -c 'import zxingcpp' 2> /dev/null; then
    cat > /tmp/giroscope-reference.sh <<SCRIPT
set -e
dir=\$(mktemp -d)
# 20 pages at a time: a whole run at 300 dpi would need 8.7 MB of disk per page.
for first in \$(seq 1 20 $pages); do
    pdftoppm -r 300 -gray -f \$first -l \$((first + 19)) "$pdf" "\$dir/page"
    "$python" - "\$dir" <<'PY'
import glob, os, sys, zxingcpp
from PIL import Image
for path in sorted(glob.glob(sys.argv[1] + "/*.pgm")):
    print(len(zxingcpp.read_barcodes(Image.open(path), formats=zxingcpp.BarcodeFormat.QRCode)))
    os.remove(path)
PY
done
rm -rf "\$dir"
SCRIPT
    measure "pdftoppm -r 300 -gray + zxing-cpp" bash /tmp/giroscope-reference.sh
else
    echo "skipping the reference pipeline: needs pdftoppm and Python's zxing-cpp"
fi
