#!/usr/bin/env bash
# Records a benchmark capture of real broker traffic: Debian's mosquitto on loopback, inside a network
# namespace of its own (so nothing else on the machine collides with its ports or its capture), with many
# concurrent long-lived clients publishing again and again on one connection each:
#   * TLS 1.2 and TLS 1.3 publishers (port 8883, server-authenticated TLS), QoS 0 and QoS 1,
#   * some plain MQTT publishers (port 1883) so that MQTT-level filters have something to find,
#   * a few subscribers on both ports (the broker's fan-out is traffic too),
#   * every 25th message of a publisher is a large payload (24 KiB: several TLS records, several segments).
# dumpcap records everything on lo; the capture stops when every publisher is done.
#
# usage: bench/record-real-traffic.sh OUT.pcapng            (needs root: network namespace and capture)
# environment:
#   PUBLISHERS=240     long-lived publishing clients (4 of 5 over TLS, half of them TLS 1.2, half 1.3)
#   MESSAGES=1500      messages each publisher sends on its one connection
#   SUBSCRIBERS=4      subscribers on '#' (half on the TLS port, half plain)
#   PUBLISH_TIMEOUT=600 seconds to wait for the publishers; those still running then are stopped
# Defaults give about 1.2-1.5 million frames. Needs mosquitto, mosquitto-clients, openssl, dumpcap
# (Debian: apt-get install mosquitto mosquitto-clients openssl tshark), util-linux (unshare), iproute2.
set -euo pipefail

OUTFILE=${1:?usage: bench/record-real-traffic.sh OUT.pcapng}
PUBLISHERS=${PUBLISHERS:-240}
MESSAGES=${MESSAGES:-1500}
SUBSCRIBERS=${SUBSCRIBERS:-4}

for tool in mosquitto mosquitto_pub mosquitto_sub openssl dumpcap unshare ip; do
    command -v "$tool" >/dev/null 2>&1 || { echo "record-real-traffic: missing tool: $tool (apt-get install mosquitto mosquitto-clients openssl tshark iproute2)" >&2; exit 2; }
done

if [ "${LAYERSCOPE_IN_NETNS:-}" != 1 ]; then
    [ "$(id -u)" = 0 ] || { echo "record-real-traffic: run as root (it makes a network namespace and captures on its lo)" >&2; exit 2; }
    OUTDIR=$(cd "$(dirname "$OUTFILE")" && pwd)
    exec unshare -n env LAYERSCOPE_IN_NETNS=1 bash "$0" "$OUTDIR/$(basename "$OUTFILE")"
fi
ip link set lo up

TMP=$(mktemp -d -t layerscope-realbench.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
log() { printf '[record-real-traffic] %s\n' "$*" >&2; }

# throwaway CA and server certificate (EC P-256); the private keys stay in the 0700 temp dir
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 30 \
    -keyout "$TMP/ca.key" -out "$TMP/ca.crt" -subj "/CN=LayerScope Bench CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" \
    "subjectAltName=DNS:localhost,IP:127.0.0.1" > "$TMP/server.ext"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$TMP/server.key" \
    -out "$TMP/server.csr" -subj "/CN=localhost" 2>/dev/null
openssl x509 -req -in "$TMP/server.csr" -CA "$TMP/ca.crt" -CAkey "$TMP/ca.key" -set_serial 0x1234 -sha256 \
    -days 30 -extfile "$TMP/server.ext" -out "$TMP/server.crt" 2>/dev/null
chmod 600 "$TMP"/*.key
# OpenSSL 3: --tls-version is a minimum only; this config pins a client to TLS 1.2
printf '%s\n' "openssl_conf = openssl_init" "[openssl_init]" "ssl_conf = ssl_sect" "[ssl_sect]" \
    "system_default = system_default_sect" "[system_default_sect]" "MaxProtocol = TLSv1.2" > "$TMP/tls12.cnf"

printf '%s\n' "user root" "persistence false" "log_dest none" "max_queued_messages 100000" \
    "listener 1883 127.0.0.1" "allow_anonymous true" \
    "listener 8883 127.0.0.1" "cafile $TMP/ca.crt" "certfile $TMP/server.crt" "keyfile $TMP/server.key" \
    > "$TMP/mosquitto.conf"
mosquitto -c "$TMP/mosquitto.conf" >/dev/null 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do ss -Htln "sport = :8883" | grep -q . && break; sleep 0.05; done

rm -f "$OUTFILE"
dumpcap -q -i lo -f "tcp port 1883 or tcp port 8883" -B 64 -w "$OUTFILE" >/dev/null 2>"$TMP/dumpcap.log" &
DUMPCAP=$!
for _ in $(seq 1 100); do [ -s "$OUTFILE" ] && break; sleep 0.05; done
[ -s "$OUTFILE" ] || { echo "dumpcap did not start:" >&2; cat "$TMP/dumpcap.log" >&2; exit 1; }

tls_args() { # version
    echo "-p 8883 --cafile $TMP/ca.crt --tls-version tlsv$1"
}
for i in $(seq 1 "$SUBSCRIBERS"); do
    if [ $((i % 2)) = 0 ]; then
        mosquitto_sub -h 127.0.0.1 -p 1883 -i "sub$i" -t 'bench/#' -q 0 >/dev/null 2>&1 &
    else
        OPENSSL_CONF=$TMP/tls12.cnf mosquitto_sub -h localhost $(tls_args 1.2) -i "sub$i" -t 'bench/#' -q 0 >/dev/null 2>&1 &
    fi
    PIDS+=($!)
done
sleep 1

# messages: a JSON-ish telemetry line; every 25th is a large payload (24 KiB)
big=$(head -c 18432 /dev/zero | tr '\0' 'x' | base64 -w0 | head -c 24576)
messages() { # client-number
    awk -v n="$MESSAGES" -v c="$1" -v big="$big" 'BEGIN {
        for (i = 1; i <= n; i++) {
            if (i % 25 == 0) print big; else printf "{\"device\":%d,\"seq\":%d,\"temp\":%.1f}\n", c, i, 20 + (i % 70) / 10
            if (i % 20 == 0) { fflush(); system("sleep 0.05") } # a device publishes now and then
        } }'
}
log "$PUBLISHERS publishers x $MESSAGES messages, $SUBSCRIBERS subscribers, capturing into $OUTFILE"
PUBS=()
for i in $(seq 1 "$PUBLISHERS"); do
    qos=$((i % 2))
    case $((i % 5)) in
        0) args=(-h 127.0.0.1 -p 1883) ;;
        1|3) args=(-h localhost $(tls_args 1.2)) ;;
        *) args=(-h localhost $(tls_args 1.3)) ;;
    esac
    if [ "$((i % 5))" = 1 ] || [ "$((i % 5))" = 3 ]; then
        messages "$i" | OPENSSL_CONF=$TMP/tls12.cnf mosquitto_pub "${args[@]}" -i "pub$i" -t "bench/dev$i" -q "$qos" -l >/dev/null 2>&1 &
    else
        messages "$i" | mosquitto_pub "${args[@]}" -i "pub$i" -t "bench/dev$i" -q "$qos" -l >/dev/null 2>&1 &
    fi
    PUBS+=($!)
done
# wait for the publishers, but not forever: now and then a `mosquitto_pub -l` never exits after its last line
deadline=$(( $(date +%s) + ${PUBLISH_TIMEOUT:-600} ))
while :; do
    left=0
    for p in "${PUBS[@]}"; do kill -0 "$p" 2>/dev/null && left=$((left + 1)); done
    [ "$left" = 0 ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
        log "$left publisher(s) still running after ${PUBLISH_TIMEOUT:-600} s: stopping them"
        for p in "${PUBS[@]}"; do kill "$p" 2>/dev/null || true; done
        break
    fi
    sleep 1
done
for p in "${PUBS[@]}"; do wait "$p" 2>/dev/null || true; done
sleep 2
kill -INT "$DUMPCAP" 2>/dev/null || true
wait "$DUMPCAP" 2>/dev/null || true
chmod 644 "$OUTFILE"
log "wrote $OUTFILE ($(( $(stat -c %s "$OUTFILE") / 1048576 )) MiB)"
