#!/usr/bin/env bash
# Builds the browser module into crates/giroscope-web/npm/ (or the directory given): the photo
# module (giroscope_core*: no PDF, no TIFF) and the full module (giroscope_full*), each a .wasm
# with the ES-module glue wasm-bindgen generates for it. The files are committed, so that `cargo
# build` embeds them with only the host toolchain; .ci/run rebuilds them and fails when the
# result differs from what is committed (stale, or not reproducible).
#
# Needs the wasm32-unknown-unknown target (installed here with rustup), wasm-bindgen-cli of
# the crate's exact version (installed under target/tools/ with cargo install) and binaryen's
# wasm-opt (npm, under tools/): it takes the photo module from 1.63 to 1.44 MB.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(realpath -m "${1:-$root/crates/giroscope-web/npm}")"
cd "$root"
version="$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' crates/giroscope-web/Cargo.toml)"
tools="$root/target/tools/wasm-bindgen-$version"
# binaryen's own npm build, pinned in tools/package-lock.json: Debian's wasm-opt (108) points
# wasm-bindgen's externref table export at the function table.
if [ ! -d crates/giroscope-web/tools/node_modules/binaryen ]; then
    npm ci --prefix crates/giroscope-web/tools --no-audit --no-fund > /dev/null
fi
wasm_opt=(node crates/giroscope-web/tools/node_modules/binaryen/bin/wasm-opt)
if [ ! -x "$tools/bin/wasm-bindgen" ]; then
    # Not --locked: its lockfile names a webpki-roots release the registry here lacks; the
    # CLI only reads and writes local files.
    cargo install --quiet --version "$version" wasm-bindgen-cli --root "$tools"
fi
rustup target add wasm32-unknown-unknown > /dev/null 2>&1 || true
# The same bytes from any checkout: paths in panic locations are made relative.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
export RUSTFLAGS="--remap-path-prefix=$root=. --remap-path-prefix=$cargo_home=/cargo"
# A target directory of its own: these flags would otherwise rebuild what other builds share.
export CARGO_TARGET_DIR="$root/target/web-build"
mkdir -p "$out"
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm/giroscope_web.wasm"
for module in core full; do
    features=()
    if [ "$module" = full ]; then features=(--features full); fi
    cargo build --quiet --locked -p giroscope-web --target wasm32-unknown-unknown --profile wasm "${features[@]}"
    "$tools/bin/wasm-bindgen" --target web --no-typescript --remove-name-section \
        --remove-producers-section --experimental-reset-state-function \
        --out-dir "$out" --out-name "giroscope_$module" "$wasm"
    # The features Rust enables for wasm32 by default; wasm-opt may use no others.
    "${wasm_opt[@]}" -Os --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
        --enable-mutable-globals --enable-multivalue --enable-reference-types \
        "$out/giroscope_${module}_bg.wasm" -o "$out/giroscope_${module}_bg.wasm"
done
ls -l "$out"/giroscope_*_bg.wasm
