#!/usr/bin/env bash
# 16 concurrent 20 MB uploads against a running server, while /healthz is polled: prints the
# server's peak memory (VmHWM) and the slowest /healthz answer.
#   giroscope serve --addr 127.0.0.1:18090 &  benches/load/uploads.sh 127.0.0.1:18090 $!
set -euo pipefail
addr=${1:?usage: uploads.sh HOST:PORT SERVER_PID}
pid=${2:?usage: uploads.sh HOST:PORT SERVER_PID}
body=$(mktemp)
{ printf '\xff\xd8\xff\xe0'; head -c $((20 * 1000 * 1000 - 4)) /dev/urandom; } > "$body"
for _ in $(seq 16); do
    curl -s -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: image/jpeg' --data-binary @"$body" "http://$addr/api/v1/check" &
done > /tmp/upload-statuses &
slowest=0
for _ in $(seq 40); do
    t=$(curl -s -o /dev/null -w '%{time_total}' "http://$addr/healthz")
    slowest=$(echo "if ($t > $slowest) $t else $slowest" | bc -l)
    sleep 0.05
done
wait
echo "statuses: $(sort /tmp/upload-statuses | uniq -c | tr '\n' ' ')"
echo "slowest /healthz during the uploads: ${slowest}s"
grep VmHWM "/proc/$pid/status"
rm -f "$body"
