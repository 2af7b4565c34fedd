#!/usr/bin/env bash
# CI (from .ci/run): the static binary and, where podman can build and run images here, the
# image built from Containerfile, each answering /healthz. Stops what it starts by its PID.
set -euo pipefail
cd "$(dirname "$0")/.."
# musl where rustup can add the target; otherwise glibc linked statically (the server resolves
# no names, so static glibc's NSS caveat does not apply).
target=x86_64-unknown-linux-musl
if rustup target list --installed | grep -qx "$target" || rustup target add "$target"; then
    cargo build --quiet --release --locked --target "$target" --bin giroscope
else
    echo "check-image: no musl target; building a static glibc binary instead" >&2
    target=x86_64-unknown-linux-gnu
    RUSTFLAGS="-C target-feature=+crt-static" cargo build --quiet --release --locked \
        --target "$target" --bin giroscope
fi
bin=target/$target/release/giroscope
# Static: no interpreter, no shared libraries.
if readelf -l "$bin" | grep -q 'INTERP' || readelf -d "$bin" | grep -q 'NEEDED'; then
    echo "check-image: $bin is not static" >&2
    readelf -d "$bin" >&2
    exit 1
fi
echo "check-image: $bin is static ($(du -h "$bin" | cut -f1))"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_healthy() {
    for _ in $(seq 100); do
        if "$bin" probe --addr "127.0.0.1:$1" /healthz 2> /dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}

# The binary alone, in an empty environment (as in the image).
port=$(free_port)
env -i GIROSCOPE_ADDR="127.0.0.1:$port" GIROSCOPE_LOG_FORMAT=json "$bin" serve 2> target/check-image-serve.log &
pid=$!
trap 'kill "$pid" 2> /dev/null || true' EXIT
wait_healthy "$port" || { echo "check-image: the static binary did not answer /healthz" >&2; cat target/check-image-serve.log >&2; exit 1; }
"$bin" probe --addr "127.0.0.1:$port" /readyz
kill -TERM "$pid"
wait "$pid"
trap - EXIT
echo "check-image: the static binary serves and stops on SIGTERM"

if ! command -v podman > /dev/null; then
    echo "check-image: podman not installed; .ci/run installs it" >&2
    exit 1
fi
podman build --quiet --format docker --build-arg "BINARY=$bin" -t localhost/giroscope:ci \
    -f Containerfile . > /dev/null
echo "check-image: image $(podman image inspect localhost/giroscope:ci --format '{{.Size}}') bytes"
# This machine is itself a sandbox: no systemd (so no healthcheck timers), cgroups v1 in
# hybrid mode (which crun refuses; runc takes it with cgroupfs), and rlimits that may not be
# raised (so the container gets the current open-file limit and 4096 processes instead of
# podman's larger defaults).
pod=(podman --cgroup-manager=cgroupfs)
if command -v runc > /dev/null; then pod+=(--runtime runc); fi
port=$(free_port)
container=$("${pod[@]}" run -d --rm --health-interval=disable \
    --ulimit "nofile=$(ulimit -Sn):$(ulimit -Hn)" --ulimit nproc=4096:4096 \
    -p "127.0.0.1:$port:8080" localhost/giroscope:ci)
trap '"${pod[@]}" stop --time 2 "$container" > /dev/null 2>&1 || true' EXIT
wait_healthy "$port" || { echo "check-image: the container did not answer /healthz" >&2; "${pod[@]}" logs "$container" >&2; exit 1; }
# The image's own HEALTHCHECK, run inside the container as its non-root user.
"${pod[@]}" healthcheck run "$container"
test "$("${pod[@]}" inspect "$container" --format '{{.Config.User}}')" = "65532:65532"
"${pod[@]}" stop --time 10 "$container" > /dev/null
trap - EXIT
echo "check-image: the container answers /healthz, passes its HEALTHCHECK and stops"
