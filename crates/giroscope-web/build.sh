#!/usr/bin/env bash
# Builds the browser module into crates/giroscope-web/npm/ (or the directory given): the photo
# module (giroscope_core*: no PDF, no TIFF) and the full module (giroscope_full*), each as the
# ES-module glue wasm-bindgen generates and two .wasm builds of the same code:
# giroscope_<module>_bg.wasm with WebAssembly SIMD (every current browser; the compiler
# vectorises the pixel loops: a photo check takes a third less time) and
# giroscope_<module>_scalar_bg.wasm without, for browsers that lack it (Safari before 16.4).
# The glue is the same for both (checked here). The files are committed, so that `cargo build`
# embeds them with only the host toolchain; .ci/run rebuilds them and fails when the result
# differs from what is committed (stale, or not reproducible).
#
# Needs the wasm32-unknown-unknown target (installed here with rustup), wasm-bindgen-cli of
# the crate's exact version (installed under target/tools/ with cargo install) and binaryen's
# wasm-opt (npm, under tools/), which takes the photo module from 1.60 to 1.43 MB.
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
remap="--remap-path-prefix=$root=. --remap-path-prefix=$cargo_home=/cargo"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for module in core full; do
    features=()
    if [ "$module" = full ]; then features=(--features full); fi
    for variant in simd scalar; do
        # A target directory per variant: their flags differ, and sharing one would rebuild
        # everything each time (and what other builds share).
        if [ "$variant" = simd ]; then
            export RUSTFLAGS="$remap -C target-feature=+simd128"
            export CARGO_TARGET_DIR="$root/target/web-build-simd"
            simd=(--enable-simd)
            name="giroscope_${module}_bg.wasm"
        else
            export RUSTFLAGS="$remap"
            export CARGO_TARGET_DIR="$root/target/web-build"
            simd=()
            name="giroscope_${module}_scalar_bg.wasm"
        fi
        cargo build --quiet --locked -p giroscope-web --target wasm32-unknown-unknown --profile wasm "${features[@]}"
        "$tools/bin/wasm-bindgen" --target web --no-typescript --remove-name-section \
            --remove-producers-section --experimental-reset-state-function \
            --out-dir "$work/$variant" --out-name "giroscope_$module" \
            "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm/giroscope_web.wasm"
        # The features Rust enables for wasm32 by default (and SIMD for that build); wasm-opt
        # may use no others. -Os, but no function inlined into its only caller: that made the
        # reading loops' functions too large for V8 to optimise as well, and a photo took a
        # tenth longer, for 3 KB saved.
        "${wasm_opt[@]}" -Os --one-caller-inline-max-function-size 0 --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
            --enable-mutable-globals --enable-multivalue --enable-reference-types "${simd[@]}" \
            "$work/$variant/giroscope_${module}_bg.wasm" -o "$out/$name"
    done
    # One glue for both builds: giroscope.js picks the .wasm.
    if ! cmp -s "$work/simd/giroscope_$module.js" "$work/scalar/giroscope_$module.js"; then
        echo "the SIMD and scalar builds of giroscope_$module need different glue" >&2
        exit 1
    fi
    cp "$work/simd/giroscope_$module.js" "$out/"
done
ls -l "$out"/giroscope_*_bg.wasm
