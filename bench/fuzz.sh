#!/usr/bin/env bash
# Fuzzes one Jazzer target for real and reports executions, executions per second and coverage.
#
#   bench/fuzz.sh TARGET MINUTES      e.g.  bench/fuzz.sh CaptureFuzzTest#analyzeJson 5
#   bench/fuzz.sh list                the targets
#
# TARGET is CLASS#METHOD of a @FuzzTest in src/test/java/org/layerscope/fuzz. The fuzzer starts from the seeds
# in src/test/resources/org/layerscope/fuzz/<CLASS>Inputs (past findings, decoder streams, filters) and, for
# the capture targets, from every capture in sample-pcaps/ and ../shared/wireshark-captures/captures/. What it
# learns stays in .cifuzz-corpus/ (git-ignored) for the next run. A finding fails the run; Jazzer writes the
# input to src/test/resources/org/layerscope/fuzz/<CLASS>Inputs/<METHOD>/crash-*: fix the bug and commit the
# input, the normal ./mvnw verify then replays it as a regression case.
#
# Afterwards the whole corpus is replayed without instrumentation (org.layerscope.fuzz.Replay), where allocation
# (64 MiB) and CPU time (1 s) are judged for inputs up to 64 KiB; while fuzzing only a 16x gross bound applies.
#
# Results go to target/fuzz/<CLASS>-<METHOD>.log; the last line printed is the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = list ] || [ $# -lt 2 ]; then
  grep -l '@FuzzTest' src/test/java/org/layerscope/fuzz/*.java | while read -r f; do
    c=$(basename "$f" .java)
    grep -A1 '@FuzzTest' "$f" | grep -o 'void [a-zA-Z0-9]*' | sed "s/void /  $c#/"
  done
  [ "${1:-}" = list ] || { echo "usage: bench/fuzz.sh CLASS#METHOD MINUTES" >&2; exit 2; }
  exit 0
fi
target=$1
minutes=$2
class=${target%%#*}
method=${target##*#}
seconds=$(awk "BEGIN{print int($minutes*60)}")
out=target/fuzz
mkdir -p "$out"
log="$out/$class-$method.log"
seeds="$out/seeds-$class-$method"
# The whole-capture targets cost time per byte: libFuzzer's -max_len caps the inputs it makes (a seed longer than
# that is cut, which still reads as a shorter capture) and only small captures seed them. FUZZ_MAX_LEN changes it.
max_len=${FUZZ_MAX_LEN:-16384}
max_seed=${FUZZ_MAX_SEED:-65536}
rm -rf "$seeds" && mkdir -p "$seeds"
if [ "$class" = CaptureFuzzTest ]; then
  for f in sample-pcaps/*.pcap sample-pcaps/*.pcapng ../shared/wireshark-captures/captures/*; do
    case "$f" in *.tsv|*.md|*README*) continue ;; esac
    [ -f "$f" ] || continue
    [ "$(stat -c %s "$f")" -le "$max_seed" ] || continue
    cp "$f" "$seeds/"
    case "$f" in *.gz) gzip -dc "$f" > "$seeds/$(basename "${f%.gz}")" ;; esac
  done
fi
echo "fuzzing $target for $minutes minute(s); log: $log" >&2
set +e
JAZZER_FUZZ=1 ./mvnw -q -o test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -DargLine="-Xmx1g -XX:+UseParallelGC" \
  -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
  -Djazzer.internal.arg.2=-print_final_stats=1 -Djazzer.internal.arg.3=-max_len="$max_len" \
  -Djazzer.internal.arg.4="$PWD/$seeds" > "$log" 2>&1
status=$?
set -e
# Allocation and time are judged without instrumentation (Jazzer's hooks allocate on the target's thread, so
# while fuzzing only a gross bound applies): the whole corpus the campaign leaves in $seeds, the committed inputs
# and the findings are replayed by org.layerscope.fuzz.Replay in a plain JVM.
cp_file=$out/test-classpath.txt
[ -s "$cp_file" ] || ./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
inputs=src/test/resources/org/layerscope/fuzz/${class}Inputs
replay=$(java -Xmx1g -XX:+UseParallelGC -Dlayerscope.fuzz.timed=true \
  -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.layerscope.fuzz.Replay "$target" \
  "$seeds" "$inputs" "$inputs/$method" 2>&1 | tee -a "$log" | tail -1)
case "$replay" in *"no finding"*) ;; *) [ $status -ne 0 ] || status=3 ;; esac
report=$(ls -t target/surefire-reports/*"$class"-output.txt 2>/dev/null | head -1 || true)
[ -n "$report" ] && cat "$report" >> "$log"
load=$(cut -d' ' -f1-3 /proc/loadavg)
last=$(grep -a -E '^#[0-9]+' "$log" | tail -1 || true)
execs=$(grep -a -E '^stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}' || true)
rate=$(grep -a -E '^stat::average_exec_per_sec' "$log" | tail -1 | awk '{print $2}' || true)
cov=$(echo "$last" | grep -o 'cov: [0-9]*' | awk '{print $2}' || true)
ft=$(echo "$last" | grep -o 'ft: [0-9]*' | awk '{print $2}' || true)
corp=$(echo "$last" | grep -o 'corp: [0-9]*' | awk '{print $2}' || true)
result=ok
[ $status -eq 0 ] || result="FINDING or failure (exit $status; see $log)"
[ $status -ne 3 ] || result="FINDING in the uninstrumented replay (see $log)"
echo "$target: ${execs:-?} executions in $minutes min, ${rate:-?} exec/s, coverage ${cov:-?} edges, ${ft:-?} features, corpus ${corp:-?}, max_len $max_len, load $load, $(date -u +%FT%H:%MZ): $result; ${replay:-no replay}"
exit $status
