#!/usr/bin/env bash
# Captures synthetic-exchange.py (hand-built MQTT 3.1.1 and 5 packets that mosquitto never sends:
# refused CONNACK, SUBACK failure, AUTH, multi-topic SUBSCRIBE, binary payload) on lo port 1883 and writes
# tshark's view as synthetic-311.tsv / synthetic-5.tsv. Needs root, dumpcap, tshark, python3; 1883 free.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
source <(sed -n '/^FIELDS=(/,/_ws.col.Info)/p' "$HERE/make-fixtures.sh")
ARGS=(); for f in "${FIELDS[@]}"; do ARGS+=(-e "$f"); done
for lv in 4 5; do
    name=$([[ $lv == 4 ]] && echo 311 || echo 5)
    dumpcap -q -i lo -f "tcp port 1883" -w "$TMP/s.pcapng" >/dev/null 2>&1 & DC=$!
    for _ in $(seq 1 100); do [[ -s "$TMP/s.pcapng" ]] && break; sleep 0.05; done
    sleep 0.5
    python3 "$HERE/synthetic-exchange.py" $lv
    sleep 0.5; kill -INT $DC; wait $DC || true
    tshark -n -r "$TMP/s.pcapng" -Y "tcp.len > 0" -T fields -E header=y -E separator=/t -E quote=n \
        -E occurrence=a -E aggregator='|' "${ARGS[@]}" > "$HERE/synthetic-$name.tsv"
    echo "wrote synthetic-$name.tsv"
done
