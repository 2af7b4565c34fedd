#!/usr/bin/env bash
# The print-run benchmark (issues #4, #13): giroscope on a generated N-page notice PDF, side by
# side with the pipeline a user would script instead (pdftoppm -r 300 -gray + zxing-cpp), in
# one run so a loaded machine slows both. Prints pages/s and peak RSS for each; with a
# manifest, also the QA report (--format html against it): time, peak RSS and file size.
# GIROSCOPE_BEFORE=path/to/older/giroscope measures an older build in the same run.
# Needs: poppler-utils (pdftoppm), /usr/bin/time, bc, and Python's zxing-cpp (pip install
# zxing-cpp pillow; PYTHON= picks the interpreter) for the comparison; skips what is missing.
#
#   cargo run --release --example bench_pdf -- 1000 target/bench-1000.pdf target/bench-1000.csv
#   benches/print-run.sh target/bench-1000.pdf target/bench-1000.csv
set -euo pipefail
pdf=${1:?usage: benches/print-run.sh FILE.pdf [MANIFEST.csv]}
manifest=${2:-}
python=${PYTHON:-python3}
cargo build --release --quiet
giroscope=target/release/giroscope
pages=$("$giroscope" check --format json --quiet "$pdf" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["summary"]["pages"])')

measure() { # label, command... (stdout to $out, default /dev/null)
    local label=$1; shift
    local log; log=$(mktemp)
    /usr/bin/time -v "$@" > "${out:-/dev/null}" 2> "$log" || true
    local seconds rss cpu
    seconds=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    # CPU seconds (user + system) move less than wall time when other work shares the cores.
    cpu=$(awk -F': ' '/User time|System time/ {sum += $2} END {print sum}' "$log")
    printf '%-40s %6.1f s  %6.1f pages/s  %6.1f CPU s  peak RSS %5.0f MB\n' "$label" "$seconds" "$(echo "$pages / $seconds" | bc -l)" "$cpu" "$(echo "$rss / 1024" | bc -l)"
    rm -f "$log"
}

echo "$pages pages, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${GIROSCOPE_BEFORE:-}" ]; then
    measure "giroscope check (before: $GIROSCOPE_BEFORE)" "$GIROSCOPE_BEFORE" check --format jsonl --quiet "$pdf"
fi
measure "giroscope check" "$giroscope" check --format jsonl --quiet "$pdf"
if [ -n "$manifest" ]; then
    report=$(mktemp --suffix=.html)
    out=$report measure "giroscope check --format html --expect" "$giroscope" check --format html --quiet --expect "$manifest" "$pdf"
    printf '%-40s %6.1f MB, %d table rows, %d flagged pages pictured\n' "  the QA report" \
        "$(echo "$(stat -c %s "$report") / 1048576" | bc -l)" "$(grep -c '^<tr data-v' "$report")" "$(grep -c '<figure>' "$report")"
    rm -f "$report"
fi
if command -v pdftoppm > /dev/null && "$python" -c 'import zxingcpp, PIL' 2> /dev/null; then
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
    answers=$(mktemp)
    out=$answers measure "pdftoppm -r 300 -gray + zxing-cpp" bash /tmp/giroscope-reference.sh
    # Its time means nothing unless it read every page: one line per page.
    if [ "$(wc -l < "$answers")" -ne "$pages" ]; then
        echo "the reference pipeline failed: it answered for $(wc -l < "$answers") of $pages pages" >&2
        exit 1
    fi
    rm -f "$answers"
else
    echo "skipping the reference pipeline: needs pdftoppm and Python's zxing-cpp and pillow"
fi
