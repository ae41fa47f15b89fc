#!/usr/bin/env bash
# Regenerates the Run & Capture sample captures of this folder (described in RUN-CAPTURE.md) with
# `layerscope run-capture`, on loopback only:
#   run-capture-tls12.pcapng, run-capture-tls13.pcapng   embedded broker, message acknowledged
#   run-capture-broker-down.pcapng                       nothing listens on 127.0.0.1:8883
#   run-capture-wrong-ca.pcapng                          the client trusts another CA than the broker's
#   run-capture-untrusted-client.pcapng                  the broker does not trust the client's certificate
#
# Needs: root (live capture on lo), a JDK 17, mosquitto (the broker of the two TLS failures, set up
# like AWS IoT Core: TLS only, require_certificate true), openssl (a second, unrelated CA), iproute2.
#   apt-get install -y libpcap0.8 mosquitto openssl iproute2
# Port 8883 on 127.0.0.1 must be free: the samples use the standard port, so Wireshark and tshark
# decode MQTT over TLS without options. Everything else happens in a temporary folder (its own
# LayerScope folder with a fresh local CA), removed at the end.
set -euo pipefail
umask 077

OUT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$OUT/.." && pwd)"
JAR="$REPO/target/layerscope.jar"
TMP="$(mktemp -d -t layerscope-rc-samples.XXXXXX)"
PORT=8883
BROKER_PID=""

log() { printf '[make-run-capture-samples] %s\n' "$*" >&2; }
cleanup() {
    if [[ -n "$BROKER_PID" ]]; then kill "$BROKER_PID" 2>/dev/null || true; wait "$BROKER_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

for tool in java mosquitto openssl ss; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing tool: $tool (apt-get install -y mosquitto openssl iproute2)" >&2; exit 1; }
done
[[ "$(id -u)" == 0 ]] || { echo "run as root: live capture on lo needs it" >&2; exit 1; }
if ss -Htln "sport = :$PORT" | grep -q .; then echo "port $PORT is in use; stop what listens there first" >&2; exit 1; fi
if [[ ! -f "$JAR" ]]; then
    log "building $JAR"
    (cd "$REPO" && ./mvnw -q -DskipTests package)
fi

export LAYERSCOPE_HOME="$TMP/home"
run() { # expected-exit-status output-name run-capture-options...
    local expect="$1" name="$2"; shift 2
    local status=0
    java -jar "$JAR" run-capture --out "$OUT/$name" --format text "$@" >"$TMP/$name.txt" 2>"$TMP/$name.err" || status=$?
    if [[ "$status" != "$expect" ]]; then
        echo "run-capture for $name exited with $status, expected $expect:" >&2
        cat "$TMP/$name.err" >&2
        exit 1
    fi
    log "$name: $(grep -c . "$TMP/$name.txt") lines of analysis; $(tail -n 1 "$TMP/$name.err")"
}

log "embedded broker, TLS 1.2 and TLS 1.3"
run 0 run-capture-tls12.pcapng --tls 1.2
run 0 run-capture-tls13.pcapng --tls 1.3

PKI="$LAYERSCOPE_HOME/pki"   # made by the first run
profile() { # file ca cert key
    printf 'endpoint=localhost\nport=%s\nca=%s\ncert=%s\nkey=%s\nclient-id=basicPubSub\ntopic=sdk/test/python\nmessage=test message\nqos=1\ntls-version=1.2\n' \
        "$PORT" "$2" "$3" "$4" >"$1"
}

log "broker down"
profile "$TMP/down.properties" "$PKI/ca.pem.crt" "$PKI/device.pem.crt" "$PKI/device.private.pem.key"
run 3 run-capture-broker-down.pcapng --profile "$TMP/down.properties"

log "an unrelated CA and a device certificate it signed"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/other-ca.key" -out "$TMP/other-ca.crt" \
    -subj "/CN=Unrelated CA" -days 30 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$TMP/other-device.key" -out "$TMP/other-device.csr" \
    -subj "/CN=basicPubSub" 2>/dev/null
openssl x509 -req -in "$TMP/other-device.csr" -CA "$TMP/other-ca.crt" -CAkey "$TMP/other-ca.key" \
    -CAcreateserial -out "$TMP/other-device.crt" -days 30 2>/dev/null

log "mosquitto like AWS IoT Core on 127.0.0.1:$PORT"
cat >"$TMP/mosquitto.conf" <<CONF
per_listener_settings false
listener $PORT 127.0.0.1
cafile $PKI/ca.pem.crt
certfile $PKI/server.pem.crt
keyfile $PKI/server.private.pem.key
require_certificate true
allow_anonymous true
persistence false
user root
CONF
mosquitto -c "$TMP/mosquitto.conf" >"$TMP/mosquitto.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 100); do ss -Htln "sport = :$PORT" | grep -q . && break; sleep 0.05; done

profile "$TMP/wrong-ca.properties" "$TMP/other-ca.crt" "$PKI/device.pem.crt" "$PKI/device.private.pem.key"
run 3 run-capture-wrong-ca.pcapng --profile "$TMP/wrong-ca.properties"
profile "$TMP/untrusted.properties" "$PKI/ca.pem.crt" "$TMP/other-device.crt" "$TMP/other-device.key"
run 3 run-capture-untrusted-client.pcapng --profile "$TMP/untrusted.properties"

chmod 0644 "$OUT"/run-capture-*.pcapng
log "done: $(cd "$OUT" && echo run-capture-*.pcapng)"
