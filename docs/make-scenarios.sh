#!/usr/bin/env bash
# Regenerates docs/scenarios.md and its timeline images (docs/scenarios/NAME.png) from real runs:
# for every scenario of `layerscope scenarios`, `layerscope run-capture --scenario NAME` on loopback (the
# embedded broker and the HiveMQ publisher), then `layerscope diagnose FILE --keylog KEYS` (verdict and
# explanation of connection 0, in English and Japanese) and `layerscope export-timeline` (the image).
#
# Needs: root (live capture on lo; the script runs itself in a new network namespace with `unshare -n`,
# so it never touches the machine's own ports), a JDK 17, libpcap, iproute2 (`ip`), util-linux (`unshare`).
# Builds target/layerscope.jar when it is missing. Everything else happens in a temporary folder (its
# own LayerScope folder with a fresh local CA), removed at the end.
#
# Usage: docs/make-scenarios.sh
set -euo pipefail
umask 077

DOCS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$DOCS/.." && pwd)"
JAR="${LAYERSCOPE_JAR:-$REPO/target/layerscope.jar}"  # LAYERSCOPE_JAR: another build of the jar

if [[ "${LAYERSCOPE_IN_NETNS:-}" != "1" ]]; then
    [[ $(id -u) -eq 0 ]] || { echo "make-scenarios.sh: run it as root (live capture on lo)" >&2; exit 2; }
    [[ -f "$JAR" ]] || (cd "$REPO" && ./mvnw -q -DskipTests package)
    exec env LAYERSCOPE_IN_NETNS=1 unshare -n bash "${BASH_SOURCE[0]}" "$@"
fi
ip link set lo up

TMP="$(mktemp -d -t layerscope-scenarios.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
export LAYERSCOPE_HOME="$TMP/home"
layerscope() { java -jar "$JAR" "$@"; }

mkdir -p "$DOCS/scenarios"
chmod 755 "$DOCS/scenarios"
md="$TMP/scenarios.md"
{
    echo "# Scenario lab: staged connection failures"
    echo
    echo "Made by \`docs/make-scenarios.sh\` from real runs of \`layerscope run-capture --scenario NAME\` on"
    echo "loopback (the embedded broker, Moquette, and the HiveMQ publisher; TLS 1.3 unless the scenario says"
    echo "otherwise), each diagnosed with \`layerscope diagnose FILE --keylog KEYS\`. The timeline marks the phases"
    echo "of each connection; the verdict names where connection 0 stopped. \`layerscope scenarios\` lists them."
    echo
    echo "[日本語は下にあります](#日本語)"
    echo
} > "$md"
ja="$TMP/ja.md"
{
    echo "## 日本語"
    echo
    echo "\`docs/make-scenarios.sh\` が \`layerscope run-capture --scenario 名前\` をループバックで実際に実行して"
    echo "作りました（組み込みブローカー Moquette と HiveMQ のパブリッシャー。シナリオが指定しない限り TLS 1.3）。"
    echo "判定は \`layerscope diagnose FILE --keylog KEYS\` の接続 0 のものです。画像は英語版と同じです。"
    echo
} > "$ja"

layerscope scenarios --lang en | tail -n +2 > "$TMP/list.tsv"
layerscope scenarios --lang ja | tail -n +2 > "$TMP/list-ja.tsv"
while IFS=$'\t' read -r name expected description; do
    cap="$TMP/$name.pcapng"
    keys="$TMP/$name.keylog"
    # a second try when the verdict is not the expected one: on a very busy machine a TLS handshake can take
    # longer than the broker's 10 s limit, and the capture then shows that instead of the scenario
    for try in 1 2; do
        set +e
        layerscope run-capture --scenario "$name" --out "$cap" --keylog "$keys" --format text > "$TMP/$name.out" 2> "$TMP/$name.err"
        status=$?
        set -e
        [[ -s "$keys" ]] || : > "$keys"
        en_line="$(layerscope diagnose "$cap" --keylog "$keys" --lang en 2>/dev/null | grep -m1 $'^0\t')"
        [[ "$(cut -f5 <<< "$en_line")" == "$expected" ]] && break
        echo "$name: verdict $(cut -f5 <<< "$en_line"), expected $expected (try $try)" >&2
    done
    ja_line="$(layerscope diagnose "$cap" --keylog "$keys" --lang ja 2>/dev/null | grep -m1 $'^0\t')"
    verdict="$(cut -f5 <<< "$en_line")"
    frame="$(cut -f6 <<< "$en_line")"
    layerscope export-timeline "$cap" --keylog "$keys" --out "$DOCS/scenarios/$name.png" --width 1000 --lang en > /dev/null 2>&1
    chmod 644 "$DOCS/scenarios/$name.png"
    failed="$(grep -m1 'Run & Capture failed' "$TMP/$name.err" | sed 's/^layerscope: //' || true)"
    ja_description="$(awk -F'\t' -v n="$name" '$1 == n { print $3 }' "$TMP/list-ja.tsv")"
    echo "$name: exit $status, verdict $verdict (expected $expected)" >&2
    {
        echo "## \`$name\`"
        echo
        echo "$description"
        echo
        echo "![timeline of $name](scenarios/$name.png)"
        echo
        echo "- exit status of \`run-capture\`: $status${failed:+ ($failed)}"
        echo "- verdict of connection 0: \`$verdict\` (frame $frame)"
        echo "- explanation: $(cut -f7 <<< "$en_line")"
        echo
    } >> "$md"
    {
        echo "### \`$name\`"
        echo
        echo "$ja_description"
        echo
        echo "![$name のタイムライン](scenarios/$name.png)"
        echo
        echo "- 接続 0 の判定: \`$verdict\`（フレーム $frame）"
        echo "- 説明: $(cut -f7 <<< "$ja_line")"
        echo
    } >> "$ja"
done < "$TMP/list.tsv"
cat "$md" "$ja" > "$DOCS/scenarios.md"
chmod 644 "$DOCS/scenarios.md"
echo "wrote $DOCS/scenarios.md and $DOCS/scenarios/*.png" >&2
