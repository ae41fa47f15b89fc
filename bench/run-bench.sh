#!/usr/bin/env bash
# LayerScope speed and memory benchmark, on two shapes of traffic (see bench/README.md):
#   real:     real broker traffic, recorded by bench/record-real-traffic.sh (Debian mosquitto, many concurrent
#             long-lived TLS 1.2/1.3 and plain MQTT clients, >= 1M frames)
#   repeated: the TCP connections of a real seed capture repeated (bench/MakeBigCapture.java)
# For each: analyze --format tsv vs tshark -T fields vs cat; analyze --filter EXPR vs tshark -Y EXPR for three
# filters (same frame counts checked); diagnose vs tsv; peak RSS; RSS growth with file size; every command
# with -Xmx256m.
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
#   JAR=target/layerscope.jar  the jar to measure
#   REAL=bench/out/real-mosquitto.pcapng   the real-traffic capture (recorded when missing: needs root); its
#                              first SMALL_FRAMES frames are taken from REAL's folder when there
#                              (NAME-firstSMALL_FRAMES.pcapng), else cut into bench/out with editcap
#   SHAPES="real repeated"     which shapes to measure
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
JAR=${JAR:-target/layerscope.jar}
REAL=${REAL:-$OUT/real-mosquitto.pcapng}
SHAPES=${SHAPES:-real repeated}

die() { echo "run-bench: $*" >&2; exit 2; }
[ -x /usr/bin/time ] || die "GNU time is missing (/usr/bin/time): install it with 'apt-get install time'"
command -v java >/dev/null || die "java (JDK 17) is missing"
command -v tshark >/dev/null || die "tshark is missing: install it with 'apt-get install tshark'"
command -v capinfos >/dev/null || die "capinfos is missing: install it with 'apt-get install tshark'"
command -v editcap >/dev/null || die "editcap is missing: install it with 'apt-get install tshark'"
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
if [[ " $SHAPES " == *" repeated "* ]]; then
    BIG=$(make_capture "$FRAMES")
    SMALL=$(make_capture "$SMALL_FRAMES")
fi
if [[ " $SHAPES " == *" real "* ]]; then
    if [ ! -f "$REAL" ]; then
        echo "recording $REAL (real mosquitto traffic, takes a few minutes) ..." >&2
        bench/record-real-traffic.sh "$REAL" >&2 || die "recording the real-traffic capture failed"
    fi
    REAL_SMALL=${REAL%.*}-first$SMALL_FRAMES.pcapng
    if [ ! -f "$REAL_SMALL" ] || [ "$REAL" -nt "$REAL_SMALL" ]; then
        REAL_SMALL=$OUT/$(basename "${REAL%.*}")-first$SMALL_FRAMES.pcapng
    fi
    if [ ! -f "$REAL_SMALL" ] || [ "$REAL" -nt "$REAL_SMALL" ]; then
        editcap -r "$REAL" "$REAL_SMALL" "1-$SMALL_FRAMES" >&2
    fi
fi
count() { capinfos -M -T -r -c "$1" | cut -f2; }

# measure OUTPUT_FILE CMD... : runs CMD with stdout to OUTPUT_FILE; prints
# "seconds peak_rss_kib exit_status cpu_seconds" (cpu: user + system, children included)
measure() {
    local dest=$1; shift
    local tf=$OUT/.time t0 t1 status=0
    t0=$(date +%s%N)
    /usr/bin/time -o "$tf" -f '%M %U %S' "$@" >"$dest" 2>>"$LOG" || status=$?
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000000 ))" "$(tail -1 "$tf")" "$status" | awk '{printf "%.3f %s %s %.2f\n", $1 / 1000, $2, $5, $3 + $4}'
}

read -ra JAVA_OPTS <<<"$LAYERSCOPE_JAVA_OPTS"
LS=(java "${JAVA_OPTS[@]}" -jar "$JAR")
FILTERS=('tls.handshake.type == 1' 'mqtt.msgtype == 3' 'tcp.flags.reset == 1')
FAILURES=""
fail() { FAILURES="$FAILURES $1"; }

# best TOOLNAME: best time of the runs recorded so far (associative arrays: seconds and peak RSS per label)
declare -A best worst_rss cpu
record() { # record LABEL "seconds rss status cpu"
    local label=$1 secs rss status cs
    read -r secs rss status cs <<<"$2"
    if [ -z "${worst_rss[$label]:-}" ] || [ "$rss" -gt "${worst_rss[$label]}" ]; then
        worst_rss[$label]=$rss
    fi
    if [ "$status" != 0 ]; then
        echo "  $label: FAILED (exit $status) after ${secs}s, peak RSS $((rss / 1024)) MiB (stderr: $LOG)"
        fail "$label"
        return
    fi
    echo "  $label: ${secs}s (CPU ${cs}s), peak RSS $((rss / 1024)) MiB"
    if [ -z "${best[$label]:-}" ] || awk -v a="$secs" -v b="${best[$label]}" 'BEGIN{exit !(a < b)}'; then
        best[$label]=$secs
    fi
    if [ -z "${cpu[$label]:-}" ] || awk -v a="$cs" -v b="${cpu[$label]}" 'BEGIN{exit !(a < b)}'; then
        cpu[$label]=$cs
    fi
}
ratio() { # ratio A B -> A/B with 2 decimals, or "-"
    if [ -n "${best[$1]:-}" ] && [ -n "${best[$2]:-}" ]; then
        awk -v a="${best[$1]}" -v b="${best[$2]}" 'BEGIN { printf "%.2f", a / b }'
    else
        echo "-"
    fi
}
cratio() { # cratio A B -> CPU seconds A/B with 2 decimals, or "-"
    if [ -n "${cpu[$1]:-}" ] && [ -n "${cpu[$2]:-}" ]; then
        awk -v a="${cpu[$1]}" -v b="${cpu[$2]}" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.01) }'
    else
        echo "-"
    fi
}
mib() { echo $(( ${worst_rss[$1]:-0} / 1024 )); }

shape() { # shape NAME BIG SMALL
    local name=$1 big=$2 small=$3 n nsmall
    n=$(count "$big")
    nsmall=$(count "$small")
    echo
    echo "=== shape '$name': $big ($n frames, $(( $(stat -c %s "$big") / 1048576 )) MiB)"
    cat "$big" "$small" >/dev/null
    for i in $(seq 1 "$RUNS"); do
        echo "run $i/$RUNS"
        record "$name/ls-tsv" "$(measure /dev/null "${LS[@]}" analyze --format tsv "$big")"
        record "$name/tshark-fields" "$(measure /dev/null tshark -T fields -e frame.number -e tls.record.content_type -r "$big")"
        record "$name/cat" "$(measure /dev/null cat "$big")"
    done
    record "$name/ls-diagnose" "$(measure /dev/null "${LS[@]}" diagnose "$big")"
    local k=0 f lsn tsn
    for f in "${FILTERS[@]}"; do
        k=$((k + 1))
        record "$name/ls-filter$k" "$(measure "$OUT/ls-filter.tsv" "${LS[@]}" analyze --format tsv --filter "$f" "$big")"
        record "$name/tshark-filter$k" "$(measure "$OUT/tshark-filter.txt" tshark -r "$big" -Y "$f" -T fields -e frame.number)"
        lsn=$(tail -n +2 "$OUT/ls-filter.tsv" | wc -l)
        tsn=$(wc -l <"$OUT/tshark-filter.txt")
        if tail -n +2 "$OUT/ls-filter.tsv" | cut -f1 | cmp -s - "$OUT/tshark-filter.txt"; then
            echo "  filter '$f': layerscope $lsn frames, tshark $tsn frames, the same frame numbers"
        else
            echo "  WARNING: filter '$f': layerscope $lsn frames, tshark $tsn frames: the frames differ"
            fail "$name/filter$k-frames"
        fi
    done
    record "$name/ls-tsv-small" "$(measure "$OUT/small.tsv" "${LS[@]}" analyze --format tsv "$small")"
    if [ -n "$CAP_HEAP" ]; then
        record "$name/cap-tsv" "$(measure /dev/null java "${JAVA_OPTS[@]}" "$CAP_HEAP" -jar "$JAR" analyze --format tsv "$big")"
        record "$name/cap-json" "$(measure /dev/null java "${JAVA_OPTS[@]}" "$CAP_HEAP" -jar "$JAR" analyze --format json "$big")"
        record "$name/cap-filter" "$(measure /dev/null java "${JAVA_OPTS[@]}" "$CAP_HEAP" -jar "$JAR" analyze --filter "tls.record.length > 100" "$big")"
        record "$name/cap-diagnose" "$(measure /dev/null java "${JAVA_OPTS[@]}" "$CAP_HEAP" -jar "$JAR" diagnose "$big")"
        record "$name/cap-convert" "$(measure /dev/null java "${JAVA_OPTS[@]}" "$CAP_HEAP" -jar "$JAR" convert --filter "tcp.len > 1000" "$big" "$OUT/converted.pcapng")"
        record "$name/cap-timeline" "$(measure /dev/null java "${JAVA_OPTS[@]}" "$CAP_HEAP" -jar "$JAR" export-timeline --filter "tcp.flags.reset == 1" --out "$OUT/timeline.png" "$big")"
        rm -f "$OUT/converted.pcapng"
    fi
    echo
    echo "summary '$name' ($n frames; best of $RUNS for tsv, one run for the others; CPU = user + system seconds):"
    printf '  %-34s %9s %9s %10s %9s %9s %10s\n' "what" "ls s" "tshark s" "tshark/ls" "ls CPU" "ts CPU" "CPU ratio"
    printf '  %-34s %9s %9s %10s %9s %9s %10s\n' "analyze --format tsv vs -T fields" "${best[$name/ls-tsv]:--}" "${best[$name/tshark-fields]:--}" "$(ratio "$name/tshark-fields" "$name/ls-tsv")" "${cpu[$name/ls-tsv]:--}" "${cpu[$name/tshark-fields]:--}" "$(cratio "$name/tshark-fields" "$name/ls-tsv")"
    k=0
    for f in "${FILTERS[@]}"; do
        k=$((k + 1))
        printf '  %-34s %9s %9s %10s %9s %9s %10s\n' "--filter '$f'" "${best[$name/ls-filter$k]:--}" "${best[$name/tshark-filter$k]:--}" "$(ratio "$name/tshark-filter$k" "$name/ls-filter$k")" "${cpu[$name/ls-filter$k]:--}" "${cpu[$name/tshark-filter$k]:--}" "$(cratio "$name/tshark-filter$k" "$name/ls-filter$k")"
    done
    echo "  diagnose / tsv time: $(ratio "$name/ls-diagnose" "$name/ls-tsv") (CPU $(cratio "$name/ls-diagnose" "$name/ls-tsv"))   cat: ${best[$name/cat]:--}s"
    echo "  peak RSS MiB: tsv $(mib "$name/ls-tsv"), diagnose $(mib "$name/ls-diagnose"), filters $(mib "$name/ls-filter1")/$(mib "$name/ls-filter2")/$(mib "$name/ls-filter3"), tshark fields $(mib "$name/tshark-fields")"
    echo "  RSS growth: $nsmall frames $(mib "$name/ls-tsv-small") MiB -> $n frames $(mib "$name/ls-tsv") MiB (ratio $(awk -v a="${worst_rss[$name/ls-tsv]:-0}" -v b="${worst_rss[$name/ls-tsv-small]:-1}" 'BEGIN{printf "%.2f", a / b}'))"
    if [ -n "$CAP_HEAP" ]; then
        echo "  with $CAP_HEAP: tsv ${best[$name/cap-tsv]:-FAILED}s, json ${best[$name/cap-json]:-FAILED}s, filter ${best[$name/cap-filter]:-FAILED}s, diagnose ${best[$name/cap-diagnose]:-FAILED}s, convert --filter ${best[$name/cap-convert]:-FAILED}s, export-timeline --filter ${best[$name/cap-timeline]:-FAILED}s"
    fi
}

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
SRC_COMMIT=$(git log -1 --format=%h -- src pom.xml 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain --untracked-files=no -- src pom.xml 2>/dev/null | grep -q . && echo " + uncommitted changes" || true)
echo "LayerScope benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "capture real: $REAL; repeated: seed $SEED"
echo "commit $COMMIT; engine sources (src/, pom.xml) last changed in $SRC_COMMIT$DIRTY; jar $JAR built $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC')"
echo "java: $(java -version 2>&1 | head -1); tshark: $(tshark --version 2>/dev/null | head -1)"
echo "LAYERSCOPE_JAVA_OPTS='$LAYERSCOPE_JAVA_OPTS' (none: as users run it); tools interleaved"

# the cost of the program-chosen heap (app/HeapLauncher starts a second JVM): the same command on the seed
# (a few frames: start-up only) relaunched (forced: a capture this small runs in the first JVM), with the child's
# flags given directly (no second JVM), and as users run it (small input: no second JVM)
if [ -z "$LAYERSCOPE_JAVA_OPTS" ]; then
    echo
    echo "=== start-up: analyze --format tsv $SEED (${RUNS} rounds)"
    for i in $(seq 1 "$RUNS"); do
        record startup/relaunched "$(measure /dev/null java -Dlayerscope.relaunch=always -jar "$JAR" analyze --format tsv "$SEED")"
        record startup/plain "$(measure /dev/null java -jar "$JAR" analyze --format tsv "$SEED")"
        record startup/direct "$(measure /dev/null java -Xmx320m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" analyze --format tsv "$SEED")"
    done
    echo "  second JVM costs $(awk -v a="${best[startup/relaunched]}" -v b="${best[startup/direct]}" 'BEGIN{printf "%.2f", a - b}') s of wall time, $(awk -v a="${cpu[startup/relaunched]}" -v b="${cpu[startup/direct]}" 'BEGIN{printf "%.2f", a - b}') s of CPU (best of $RUNS); as users run it (no second JVM for a small capture) $(awk -v a="${best[startup/plain]}" 'BEGIN{printf "%.2f", a}') s"
fi

if [[ " $SHAPES " == *" real "* ]]; then
    shape real "$REAL" "$REAL_SMALL"
fi
if [[ " $SHAPES " == *" repeated "* ]]; then
    shape repeated "$BIG" "$SMALL"
    if [ "$CONCURRENT" = 1 ]; then
        # every repetition must be analysed like the seed itself (columns tcp_flags..phase; no times, addresses)
        "${LS[@]}" analyze --format tsv "$SEED" 2>>"$LOG" | tail -n +2 | cut -f7-12 >"$OUT/seed.cols"
        "${LS[@]}" analyze --format tsv "$SMALL" 2>>"$LOG" >"$OUT/small.tsv"
        mismatches=$(tail -n +2 "$OUT/small.tsv" | cut -f7-12 | awk -v n="$(wc -l <"$OUT/seed.cols")" '
            NR == FNR { s[(NR - 1) % n] = $0; next } $0 != s[(FNR - 1) % n] { bad++ } END { print bad + 0 }' \
            "$OUT/seed.cols" -)
        echo "  repetitions analysed like the seed (tcp_flags..phase): $mismatches frames differ"
        [ "$mismatches" = 0 ] || fail repetition-mismatch
    fi
fi

echo
echo "finished $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$FAILURES" ]; then
    echo "run-bench: some runs failed:$FAILURES (stderr: $LOG)" >&2
    exit 1
fi
