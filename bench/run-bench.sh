#!/usr/bin/env bash
# LayerScope speed and memory benchmark: layerscope analyze vs tshark vs cat (I/O floor) on a big capture
# made by repeating the TCP connections of a real seed capture. See bench/README.md.
#
# usage: bench/run-bench.sh [SEED]      (default SEED: sample-pcaps/mqtt-tls12-mutual.pcapng)
#
# environment:
#   RUNS=3                     timed runs per tool (the best wall-clock time is kept, the highest peak RSS)
#   FRAMES=1000000             frames of the big capture (rounded up to whole repetitions of the seed)
#   SMALL_FRAMES=250000        frames of the smaller capture for the memory-growth check
#   CONCURRENT=1               connections open at once in the generated capture (see MakeBigCapture.java)
#   LAYERSCOPE_JAVA_OPTS=      JVM options for every layerscope run (e.g. -Xmx256m); default none
#   CAP_HEAP=-Xmx256m          JVM option of the extra "does it stream?" run on the big capture; empty = skip
#   REBUILD=0                  1 = rebuild the jar even if target/layerscope.jar exists
#
# Needs: JDK 17, tshark and capinfos (Debian: apt-get install tshark), GNU time as /usr/bin/time
# (Debian: apt-get install time). The machine is noisy: compare the ratios of one run, not absolute numbers.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SEED=${1:-sample-pcaps/mqtt-tls12-mutual.pcapng}
RUNS=${RUNS:-3}
FRAMES=${FRAMES:-1000000}
SMALL_FRAMES=${SMALL_FRAMES:-250000}
CONCURRENT=${CONCURRENT:-1}
LAYERSCOPE_JAVA_OPTS=${LAYERSCOPE_JAVA_OPTS:-}
CAP_HEAP=${CAP_HEAP--Xmx256m}
REBUILD=${REBUILD:-0}
OUT=bench/out
JAR=target/layerscope.jar

die() { echo "run-bench: $*" >&2; exit 2; }
[ -x /usr/bin/time ] || die "GNU time is missing (/usr/bin/time): install it with 'apt-get install time'"
command -v java >/dev/null || die "java (JDK 17) is missing"
command -v tshark >/dev/null || die "tshark is missing: install it with 'apt-get install tshark'"
command -v capinfos >/dev/null || die "capinfos is missing: install it with 'apt-get install tshark'"
[ -f "$SEED" ] || die "seed capture not found: $SEED"
mkdir -p "$OUT"
LOG=$OUT/bench.log
: > "$LOG"

if [ "$REBUILD" = 1 ] || [ ! -f "$JAR" ]; then
    echo "building $JAR ..."
    # maven.test.skip also skips compiling the tests: the benchmark needs only the jar
    ./mvnw -q -Dmaven.test.skip=true package >>"$LOG" 2>&1 || die "the build failed (see $LOG)"
fi

# big capture for FRAMES frames of SEED, made if missing or older than the seed
make_capture() {
    local frames=$1 file
    file=$OUT/$(basename "${SEED%.*}")-$frames-c$CONCURRENT.pcap
    if [ ! -f "$file" ] || [ "$SEED" -nt "$file" ]; then
        echo "generating $file ..." >&2
        java -cp "$JAR" bench/MakeBigCapture.java "$SEED" "$file" "$frames" "$CONCURRENT" >&2
    fi
    echo "$file"
}
BIG=$(make_capture "$FRAMES")
SMALL=$(make_capture "$SMALL_FRAMES")
count() { capinfos -M -T -r -c "$1" | cut -f2; }
BIG_FRAMES=$(count "$BIG")
SMALL_FRAMES_REAL=$(count "$SMALL")

# measure OUTPUT_FILE CMD... : runs CMD with stdout to OUTPUT_FILE; prints "seconds peak_rss_kib exit_status"
measure() {
    local dest=$1; shift
    local tf=$OUT/.time t0 t1 status=0
    t0=$(date +%s%N)
    /usr/bin/time -o "$tf" -f '%M' "$@" >"$dest" 2>>"$LOG" || status=$?
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000000 ))" "$(tail -1 "$tf")" "$status" | awk '{printf "%.3f %s %s\n", $1 / 1000, $2, $3}'
}

read -ra JAVA_OPTS <<<"$LAYERSCOPE_JAVA_OPTS"
LAYERSCOPE=(java "${JAVA_OPTS[@]}" -jar "$JAR" analyze --format tsv)
TSHARK=(tshark -T fields -e frame.number -e tls.record.content_type -r)

declare -A best worst_rss failed
FAILURES=""
record() { # record TOOL "seconds rss status"
    local tool=$1 secs rss status
    read -r secs rss status <<<"$2"
    if [ -z "${worst_rss[$tool]:-}" ] || [ "$rss" -gt "${worst_rss[$tool]}" ]; then
        worst_rss[$tool]=$rss # failed runs included: a crash for lack of memory is a memory figure too
    fi
    if [ "$status" != 0 ]; then
        failed[$tool]="exit $status"
        FAILURES="$FAILURES $tool"
        echo "  $tool: FAILED (exit $status) after ${secs}s, peak RSS $((rss / 1024)) MiB (stderr: $LOG)"
        return
    fi
    echo "  $tool: ${secs}s, peak RSS $((rss / 1024)) MiB"
    if [ -z "${best[$tool]:-}" ] || awk -v a="$secs" -v b="${best[$tool]}" 'BEGIN{exit !(a < b)}'; then
        best[$tool]=$secs
    fi
}

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
SRC_COMMIT=$(git log -1 --format=%h -- src pom.xml 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain --untracked-files=no -- src pom.xml 2>/dev/null | grep -q . && echo " + uncommitted changes" || true)
echo "LayerScope benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit $COMMIT; engine sources (src/, pom.xml) last changed in $SRC_COMMIT$DIRTY; jar built $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC')"
echo "java: $(java -version 2>&1 | head -1); tshark: $(tshark --version 2>/dev/null | head -1)"
echo "seed: $SEED; big capture: $BIG ($BIG_FRAMES frames, $(( $(stat -c %s "$BIG") / 1048576 )) MiB)"
echo "LAYERSCOPE_JAVA_OPTS='$LAYERSCOPE_JAVA_OPTS'; best of $RUNS runs, tools interleaved"
cat "$BIG" "$SMALL" >/dev/null # warm the page cache

for i in $(seq 1 "$RUNS"); do
    echo "run $i/$RUNS"
    record layerscope "$(measure /dev/null "${LAYERSCOPE[@]}" "$BIG")"
    record tshark "$(measure /dev/null "${TSHARK[@]}" "$BIG")"
    record cat "$(measure /dev/null cat "$BIG")"
done

echo
printf '%-11s %9s %12s %13s %20s\n' tool "best s" "frames/s" "peak RSS MiB" "s / layerscope s"
for tool in layerscope tshark cat; do
    if [ -z "${best[$tool]:-}" ]; then
        printf '%-11s %9s\n' "$tool" "FAILED (${failed[$tool]:-})"
        continue
    fi
    awk -v t="$tool" -v s="${best[$tool]}" -v r="${worst_rss[$tool]}" -v n="$BIG_FRAMES" \
        -v l="${best[layerscope]:-}" 'BEGIN {
            ratio = l == "" ? "-" : sprintf(s / l < 0.1 ? "%.4f" : "%.2f", s / l)
            printf "%-11s %9.2f %12.0f %13.0f %20s\n", t, s, n / s, r / 1024, ratio }'
done
if [ -n "${best[layerscope]:-}" ] && [ -n "${best[tshark]:-}" ]; then
    awk -v ls="${best[layerscope]}" -v ts="${best[tshark]}" -v lr="${worst_rss[layerscope]}" \
        -v tr="${worst_rss[tshark]}" 'BEGIN {
        printf "ratio tshark/layerscope: time %.2f (> 1: layerscope is faster), peak RSS %.2f (> 1: layerscope uses less)\n",
            ts / ls, tr / lr }'
fi

echo
echo "memory growth (layerscope, LAYERSCOPE_JAVA_OPTS='$LAYERSCOPE_JAVA_OPTS'):"
read -r secs rss status <<<"$(measure "$OUT/small.tsv" "${LAYERSCOPE[@]}" "$SMALL")"
lines=$(wc -l <"$OUT/small.tsv")
echo "  $SMALL_FRAMES_REAL frames: peak RSS $((rss / 1024)) MiB (${secs}s, exit $status, $lines output lines for $SMALL_FRAMES_REAL frames + header)"
[ "$status" = 0 ] || FAILURES="$FAILURES layerscope-small"
[ "$lines" = $((SMALL_FRAMES_REAL + 1)) ] || { echo "  WARNING: expected $((SMALL_FRAMES_REAL + 1)) lines"; FAILURES="$FAILURES output-lines"; }
if [ "$CONCURRENT" = 1 ] && [ "$status" = 0 ]; then
    # every repetition must be analysed like the seed itself (columns tcp_flags..phase; no times, addresses)
    "${LAYERSCOPE[@]}" "$SEED" 2>>"$LOG" | tail -n +2 | cut -f7-12 >"$OUT/seed.cols"
    mismatches=$(tail -n +2 "$OUT/small.tsv" | cut -f7-12 | awk -v n="$(wc -l <"$OUT/seed.cols")" '
        NR == FNR { s[(NR - 1) % n] = $0; next } $0 != s[(FNR - 1) % n] { bad++ } END { print bad + 0 }' \
        "$OUT/seed.cols" -)
    echo "  repetitions analysed like the seed (tcp_flags..phase): $mismatches of $SMALL_FRAMES_REAL frames differ"
    [ "$mismatches" = 0 ] || FAILURES="$FAILURES repetition-mismatch"
fi
if [ -n "${worst_rss[layerscope]:-}" ]; then
    awk -v s="$rss" -v b="${worst_rss[layerscope]}" -v n="$BIG_FRAMES" 'BEGIN {
        printf "  %d frames: peak RSS %.0f MiB (highest of the timed runs above); RSS ratio big/small %.2f (about 1 when it streams)\n",
            n, b / 1024, b / s }'
fi
if [ -n "$CAP_HEAP" ]; then
    log_lines=$(wc -l <"$LOG")
    read -r secs rss status <<<"$(measure /dev/null java "${JAVA_OPTS[@]}" "$CAP_HEAP" -jar "$JAR" analyze --format tsv "$BIG")"
    if [ "$status" = 0 ]; then
        echo "  $BIG_FRAMES frames with $CAP_HEAP: OK in ${secs}s, peak RSS $((rss / 1024)) MiB"
    else
        echo "  $BIG_FRAMES frames with $CAP_HEAP: FAILED (exit $status) after ${secs}s, peak RSS $((rss / 1024)) MiB:"
        tail -n +"$((log_lines + 1))" "$LOG" | grep -m3 -E 'Error|Exception' | sed 's/^/    /'
        FAILURES="$FAILURES layerscope$CAP_HEAP"
    fi
fi

if [ -n "$FAILURES" ]; then
    echo "run-bench: some runs failed:$FAILURES (stderr: $LOG)" >&2
    exit 1
fi
