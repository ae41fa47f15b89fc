#!/usr/bin/env bash
# Opening a capture in the real window (under Xvfb when there is no display): time to the first rows, whole
# load, timeline repaints (fit / zoomed / zoom step / pan), packet-list jumps, the on-demand re-analysis of a
# selected packet (a random one, and the last frame of the longest connection), a display filter over the
# whole capture, and a comment with its autosave copy (a whole pcapng); then the process's peak RSS, CPU time
# and the load average before and after.
# Usage: bench/gui-open.sh [FRAMES | CAPTURE-FILE]
#   FRAMES (default 1000000): a synthetic capture of that many frames (1,000 MQTT connections), made once
#   CAPTURE-FILE: any pcap/pcapng, e.g. /work/bench-data/real-mosquitto.pcapng
# Environment: JAR (default target/layerscope.jar), HEAP (default -Xmx2g, an 8 GiB laptop; HEAP=default runs without -Xmx), BENCH_FILTER (the
# display filter, default tls.handshake.type == 1), PRISM (default -Dprism.order=sw).
set -euo pipefail
cd "$(dirname "$0")/.."
ARG="${1:-1000000}"
JAR="${JAR:-target/layerscope.jar}"
[ -f "$JAR" ] || ./mvnw -q -DskipTests package
if [ -f "$ARG" ]; then
  CAPTURE="$ARG"
else
  CAPTURE="${TMPDIR:-/tmp}/layerscope-bench-${ARG}.pcapng"
  if [ ! -f "$CAPTURE" ]; then
    java -cp "$JAR" bench/SyntheticCapture.java "$CAPTURE" "$ARG" 1000
  fi
fi
ls -la "$CAPTURE"
HEAP="${HEAP:--Xmx2g}"
[ "$HEAP" = default ] && HEAP=""
AUTOSAVE="$(mktemp -d)"
OUT="$(mktemp)"
trap 'rm -rf "$AUTOSAVE" "$OUT"' EXIT
RUN=(java $HEAP ${PRISM:--Dprism.order=sw} -Dlayerscope.settings=memory -Dlayerscope.bench=true ${BENCH_FILTER:+"-Dlayerscope.bench.filter=$BENCH_FILTER"}
     -Dlayerscope.autosave="$AUTOSAVE" -jar "$JAR" "$CAPTURE")
[ -z "${DISPLAY:-}" ] && RUN=(xvfb-run -a -s "-screen 0 1600x1000x24" "${RUN[@]}")
echo "bench.heap_option=${HEAP:-none}"
echo "bench.load_average_before=$(cut -d' ' -f1-3 /proc/loadavg)"
# peak RSS of the whole process tree is that of the JVM (xvfb-run and Xvfb are separate small processes)
/usr/bin/time -o "$OUT.time" -f 'bench.process_wall_s=%e\nbench.process_cpu_user_s=%U\nbench.process_cpu_sys_s=%S\nbench.peak_rss_mb=%M' \
  "${RUN[@]}" > "$OUT" 2>&1 || true
grep -E '^bench\.|OutOfMemory|layerscope:' "$OUT" || true
awk -F= '/peak_rss_mb/ { printf "bench.peak_rss_mb=%.0f\n", $2 / 1024; next } { print }' "$OUT.time"
echo "bench.load_average_after=$(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$OUT.time"
