#!/usr/bin/env bash
# Opening a 1,000,000-frame capture in the real window (under Xvfb when there is no display):
# time to the first rows, whole load, timeline repaints (fit / zoomed / zoom step / pan), packet-list
# jumps, the on-demand re-analysis of a selected packet, a display filter over the whole capture, and a
# comment with its autosave copy (a whole pcapng). Usage: bench/gui-open.sh [FRAMES]
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES="${1:-1000000}"
JAR=target/layerscope.jar
[ -f "$JAR" ] || ./mvnw -q -DskipTests package
CAPTURE="${TMPDIR:-/tmp}/layerscope-bench-${FRAMES}.pcapng"
if [ ! -f "$CAPTURE" ]; then
  java -cp "$JAR" bench/SyntheticCapture.java "$CAPTURE" "$FRAMES" 1000
fi
ls -la "$CAPTURE"
AUTOSAVE="$(mktemp -d)"
trap 'rm -rf "$AUTOSAVE"' EXIT
RUN=(java -Xmx2g ${PRISM:--Dprism.order=sw} -Dlayerscope.settings=memory -Dlayerscope.bench=true ${BENCH_FILTER:+"-Dlayerscope.bench.filter=$BENCH_FILTER"}
     -Dlayerscope.autosave="$AUTOSAVE" -jar "$JAR" "$CAPTURE")
if [ -z "${DISPLAY:-}" ]; then
  xvfb-run -a -s "-screen 0 1600x1000x24" "${RUN[@]}" 2>&1 | grep '^bench\.'
else
  "${RUN[@]}" 2>&1 | grep '^bench\.'
fi
