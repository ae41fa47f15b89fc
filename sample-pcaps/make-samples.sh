#!/usr/bin/env bash
# Makes the sample captures of this folder (see README.md), on loopback only.
#
# Needs: root (dumpcap on lo), mosquitto, mosquitto-clients, openssl, dumpcap (tshark), and for the
# optional TLS key logs gcc with the OpenSSL headers (libssl-dev).
#   apt-get install -y mosquitto mosquitto-clients tshark openssl
#
# Idempotent: every run works in a fresh temp dir (throwaway CA, certificates, broker configs),
# starts its own mosquitto for each capture and overwrites the files in this folder. Ports 1883 and
# 8883 on 127.0.0.1 must be free (tshark dissects MQTT and MQTT over TLS by these ports).
set -euo pipefail

OUT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TMP="$(mktemp -d -t layerscope-samples.XXXXXX)"
HOST=127.0.0.1
PLAIN_PORT=1883
TLS_PORT=8883
TOPIC=sdk/test/python
MSG='"test message"'

BROKER_PID=""
DUMPCAP_PID=""

log() { printf '[make-samples] %s\n' "$*" >&2; }

cleanup() {
    if [[ -n "$DUMPCAP_PID" ]]; then kill -INT "$DUMPCAP_PID" 2>/dev/null || true; wait "$DUMPCAP_PID" 2>/dev/null || true; fi
    if [[ -n "$BROKER_PID" ]]; then kill "$BROKER_PID" 2>/dev/null || true; wait "$BROKER_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

for tool in mosquitto mosquitto_pub mosquitto_sub openssl dumpcap tshark ss; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing tool: $tool (apt-get install -y mosquitto mosquitto-clients tshark openssl iproute2)" >&2; exit 1; }
done

port_free() { ! ss -Htln "sport = :$1" | grep -q .; }
for p in $PLAIN_PORT $TLS_PORT; do
    port_free "$p" || { echo "port $p is in use; stop what listens there first" >&2; exit 1; }
done

wait_listen() { # port
    for _ in $(seq 1 100); do
        ss -Htln "sport = :$1" | grep -q . && return 0
        sleep 0.05
    done
    echo "broker did not listen on $1; log:" >&2; cat "$TMP/mosquitto.log" >&2 || true; exit 1
}

wait_closed() { # port
    for _ in $(seq 1 100); do
        port_free "$1" && return 0
        sleep 0.05
    done
}

# ---------------------------------------------------------------- certificates (throwaway, EC P-256 to stay small)
. "$OUT/throwaway-certs.sh" # make_ca, make_leaf
log "making throwaway CA and certificates in $TMP"
make_ca ca "LayerScope Sample CA"
make_ca rogue-ca "LayerScope Rogue CA"
make_leaf server localhost ca "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1"
make_leaf client basicPubSub ca "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth"
make_leaf rogue-client basicPubSub rogue-ca "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth"

# ---------------------------------------------------------------- optional key-log shim (our own, a few lines)
# mosquitto_pub has no key-log option and OpenSSL itself ignores SSLKEYLOGFILE, so a tiny LD_PRELOAD
# library installs OpenSSL's keylog callback on every SSL_CTX the client uses.
KEYLOG_SO=""
if command -v gcc >/dev/null 2>&1 && [[ -f /usr/include/openssl/ssl.h ]]; then
    cp "$OUT/keylog-shim.c" "$TMP/keylog.c"
    if gcc -shared -fPIC -O2 -o "$TMP/keylog.so" "$TMP/keylog.c" -ldl -lssl 2>"$TMP/gcc.log"; then
        KEYLOG_SO="$TMP/keylog.so"
    else
        log "key-log shim did not build (skipping key logs): $(head -1 "$TMP/gcc.log")"
    fi
else
    log "no gcc or OpenSSL headers: skipping TLS key logs"
fi

# ---------------------------------------------------------------- broker and capture helpers
start_broker() { # config-lines...
    printf '%s\n' "user root" "persistence false" "log_dest file $TMP/mosquitto.log" "log_type all" "$@" > "$TMP/mosquitto.conf"
    : > "$TMP/mosquitto.log"
    mosquitto -c "$TMP/mosquitto.conf" >/dev/null 2>&1 &
    BROKER_PID=$!
}
stop_broker() {
    if [[ -n "$BROKER_PID" ]]; then kill "$BROKER_PID" 2>/dev/null || true; wait "$BROKER_PID" 2>/dev/null || true; BROKER_PID=""; fi
}
start_capture() { # port file
    rm -f "$TMP/$2"
    dumpcap -q -i lo -f "tcp port $1" -w "$TMP/$2" >/dev/null 2>"$TMP/dumpcap.log" &
    DUMPCAP_PID=$!
    for _ in $(seq 1 100); do
        [[ -s "$TMP/$2" ]] && break
        sleep 0.05
    done
    [[ -s "$TMP/$2" ]] || { echo "dumpcap did not start:" >&2; cat "$TMP/dumpcap.log" >&2; exit 1; }
    sleep 0.5
}
stop_capture() { # file
    sleep 0.5
    kill -INT "$DUMPCAP_PID" 2>/dev/null || true
    wait "$DUMPCAP_PID" 2>/dev/null || true
    DUMPCAP_PID=""
    [[ -n "$1" && -s "$TMP/$1" ]] || { echo "no capture file: '$1'" >&2; exit 1; }
    cp "$TMP/$1" "$OUT/$1"
    chmod 644 "$OUT/$1"
    log "wrote $1 ($(stat -c %s "$OUT/$1") bytes, $(tshark -r "$OUT/$1" 2>/dev/null | wc -l) frames)"
}
tls_listener() { # cafile
    echo "listener $TLS_PORT $HOST"
    echo "allow_anonymous true"
    echo "cafile $TMP/$1.crt"
    echo "certfile $TMP/server.crt"
    echo "keyfile $TMP/server.key"
    echo "require_certificate true"
}
tls_broker() { # cafile
    local lines
    mapfile -t lines < <(tls_listener "$@")
    start_broker "${lines[@]}"
}
pub_keylog() { # keylog-file command...
    local keyfile=$1; shift
    if [[ -n "$KEYLOG_SO" ]]; then
        rm -f "$keyfile"
        SSLKEYLOGFILE="$keyfile" LD_PRELOAD="$KEYLOG_SO" "$@"
    else
        "$@"
    fi
}

# With OpenSSL 3, mosquitto_pub's --tls-version (like mosquitto's tls_version) is only a minimum, so
# an OpenSSL config with MaxProtocol = TLSv1.2, given to the client through OPENSSL_CONF, pins TLS 1.2.
printf '%s\n' "openssl_conf = openssl_init" "[openssl_init]" "ssl_conf = ssl_sect" "[ssl_sect]" \
    "system_default = system_default_sect" "[system_default_sect]" "MaxProtocol = TLSv1.2" > "$TMP/tls12.cnf"
tls_env() { # version -> one environment assignment for the client
    if [[ "$1" == 1.2 ]]; then echo "OPENSSL_CONF=$TMP/tls12.cnf"; else echo "LAYERSCOPE_TLS=$1"; fi
}

# ---------------------------------------------------------------- MQTT over TLS, mutual authentication
# mosquitto_pub closes right after its close_notify, so the broker's last record sometimes meets a closed
# socket and the connection ends in RST before any FIN is captured: try again (up to 5 times) until
# the capture shows the teardown with a FIN.
has_fin() { [[ "$(tshark -r "$1" -Y 'tcp.flags.fin == 1' 2>/dev/null | wc -l)" -gt 0 ]]; }
for ver in 1.2 1.3; do
    name="mqtt-tls${ver/./}-mutual"
    tls_broker ca
    wait_listen $TLS_PORT
    for attempt in 1 2 3 4 5; do
        start_capture $TLS_PORT "$name.pcapng"
        pub_keylog "$TMP/$name.keylog" env "$(tls_env $ver)" \
            mosquitto_pub -h $HOST -p $TLS_PORT --tls-version "tlsv$ver" --cafile "$TMP/ca.crt" \
            --cert "$TMP/client.crt" --key "$TMP/client.key" -i basicPubSub -t $TOPIC -m "$MSG" -q 1
        stop_capture "$name.pcapng"
        has_fin "$OUT/$name.pcapng" && break
        log "$name: no FIN captured (attempt $attempt), again"
    done
    stop_broker; wait_closed $TLS_PORT
    if [[ -s "$TMP/$name.keylog" ]]; then cp "$TMP/$name.keylog" "$OUT/$name.keylog"; chmod 644 "$OUT/$name.keylog"; log "wrote $name.keylog"; fi
done

# ---------------------------------------------------------------- TLS failures (TLS 1.2: alerts are in clear)
# The client's certificate comes from a CA the broker does not trust: the broker sends a fatal alert.
tls_broker ca
wait_listen $TLS_PORT
start_capture $TLS_PORT mqtt-tls12-unknown-ca.pcapng
env "$(tls_env 1.2)" mosquitto_pub -h $HOST -p $TLS_PORT --tls-version tlsv1.2 --cafile "$TMP/ca.crt" \
    --cert "$TMP/rogue-client.crt" --key "$TMP/rogue-client.key" -i basicPubSub -t $TOPIC -m "$MSG" -q 1 \
    >/dev/null 2>&1 && { echo "expected the broker to refuse the rogue client certificate" >&2; exit 1; }
stop_capture mqtt-tls12-unknown-ca.pcapng

# The client does not trust the server's certificate (wrong CA file): the client sends a fatal alert.
start_capture $TLS_PORT mqtt-tls-wrong-server-ca.pcapng
env "$(tls_env 1.2)" mosquitto_pub -h $HOST -p $TLS_PORT --tls-version tlsv1.2 --cafile "$TMP/rogue-ca.crt" \
    --cert "$TMP/client.crt" --key "$TMP/client.key" -i basicPubSub -t $TOPIC -m "$MSG" -q 1 \
    >/dev/null 2>&1 && { echo "expected the client to refuse the server certificate" >&2; exit 1; }
stop_capture mqtt-tls-wrong-server-ca.pcapng
stop_broker; wait_closed $TLS_PORT

# ---------------------------------------------------------------- nothing listens on 8883: SYN answered by RST
start_capture $TLS_PORT tcp-refused-8883.pcapng
mosquitto_pub -h $HOST -p $TLS_PORT -i basicPubSub -t $TOPIC -m "$MSG" >/dev/null 2>&1 \
    && { echo "expected connection refused on $TLS_PORT" >&2; exit 1; }
stop_capture tcp-refused-8883.pcapng

# ---------------------------------------------------------------- plaintext MQTT 3.1.1 and 5 on 1883
plain_broker() {
    start_broker "listener $PLAIN_PORT $HOST" "allow_anonymous true"
    wait_listen $PLAIN_PORT
}
wait_pid() { # pid seconds
    for _ in $(seq 1 $(( $2 * 20 ))); do
        kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }
        sleep 0.05
    done
    echo "process $1 did not finish in $2 s" >&2; kill "$1" 2>/dev/null || true; exit 1
}

# MQTT 3.1.1: a QoS 2 subscriber with keepalive 5 s (so it pings), publishers at QoS 0, 1 (user name and
# password) and 2 (retained, with a will), then a client that subscribes and unsubscribes.
plain_broker
start_capture $PLAIN_PORT mqtt-plain-311.pcapng
mosquitto_sub -V mqttv311 -h $HOST -p $PLAIN_PORT -i sub311 -k 5 -q 2 -t 'sdk/test/#' -C 3 >/dev/null &
SUB_PID=$!
sleep 6.5   # > keepalive: PINGREQ / PINGRESP
mosquitto_pub -V mqttv311 -h $HOST -p $PLAIN_PORT -i pub311-q0 -t $TOPIC -m "$MSG" -q 0
mosquitto_pub -V mqttv311 -h $HOST -p $PLAIN_PORT -i pub311-q1 -u alice -P 's3cret!' -t $TOPIC -m "$MSG" -q 1
mosquitto_pub -V mqttv311 -h $HOST -p $PLAIN_PORT -i pub311-q2 -t $TOPIC -m "$MSG" -q 2 -r \
    --will-topic sdk/test/will --will-payload offline --will-qos 1 --will-retain
wait_pid $SUB_PID 10
mosquitto_sub -V mqttv311 -h $HOST -p $PLAIN_PORT -i unsub311 -t sdk/test/other -U sdk/test/other -E
stop_capture mqtt-plain-311.pcapng
stop_broker; wait_closed $PLAIN_PORT

# MQTT 5: the same with properties (user properties, message expiry, content type, payload format,
# response topic, correlation data, topic alias with a repeated publish that sends only the alias,
# will properties, disconnect reason string) and a CONNECT the broker refuses (unsupported
# authentication method: CONNACK reason code 0x8C).
plain_broker
start_capture $PLAIN_PORT mqtt-plain-5.pcapng
mosquitto_sub -V mqttv5 -h $HOST -p $PLAIN_PORT -i sub5 -k 5 -q 2 -t 'sdk/test/#' -C 4 -x 30 \
    -D connect user-property client sub5 -D subscribe user-property purpose demo >/dev/null &
SUB_PID=$!
sleep 6.5
mosquitto_pub -V mqttv5 -h $HOST -p $PLAIN_PORT -i pub5-q0 -t $TOPIC -m "$MSG" -q 0 \
    -D publish user-property k v -D publish message-expiry-interval 60 \
    -D publish content-type text/plain -D publish payload-format-indicator 1
mosquitto_pub -V mqttv5 -h $HOST -p $PLAIN_PORT -i pub5-q1 -u alice -P 's3cret!' -t $TOPIC -m "$MSG" -q 1 --repeat 2 \
    -D publish topic-alias 1 -D publish response-topic sdk/test/reply -D publish correlation-data req-1 \
    -D connect topic-alias-maximum 5 -D connect receive-maximum 10
mosquitto_pub -V mqttv5 -h $HOST -p $PLAIN_PORT -i pub5-q2 -t $TOPIC -m "$MSG" -q 2 -r \
    --will-topic sdk/test/will --will-payload offline --will-qos 1 \
    -D will user-property why demo -D will will-delay-interval 5 -D will message-expiry-interval 300 \
    -D disconnect reason-string done
wait_pid $SUB_PID 10
mosquitto_sub -V mqttv5 -h $HOST -p $PLAIN_PORT -i unsub5 -t sdk/test/other -U sdk/test/other -E \
    -D unsubscribe user-property purpose demo
mosquitto_sub -V mqttv5 -h $HOST -p $PLAIN_PORT -i refused5 -t sdk/test/other -E \
    -D connect authentication-method SCRAM-SHA-1 >/dev/null 2>&1 \
    && { echo "expected CONNACK 0x8C (bad authentication method)" >&2; exit 1; }
stop_capture mqtt-plain-5.pcapng
stop_broker; wait_closed $PLAIN_PORT

# ---------------------------------------------------------------- tshark's view of each file, for tests
# Same columns as shared/wireshark-captures (tshark 4.0, empty profile, TCP/TLS reassembly on); the TLS
# captures that have a key log get a decrypted X.truth.tsv and an X.nodecrypt.truth.tsv.
PROFILE="$TMP/wireshark-profile"; mkdir -p "$PROFILE"
truth() { # capture out [options...]
    local cap=$1 out=$2; shift 2
    WIRESHARK_CONFIG_DIR="$PROFILE" tshark -n -2 -r "$OUT/$cap" "$@" -T fields -E header=y -E separator=/t \
        -E quote=n -E occurrence=a -E aggregator=, \
        -e frame.number -e frame.time_relative -e ip.src -e tcp.srcport -e ip.dst -e tcp.dstport -e tcp.flags.str \
        -e tcp.flags -e tcp.len -e tls.record.content_type -e tls.handshake.type -e tls.alert_message.desc \
        -e mqtt.msgtype -e _ws.col.Info -e ipv6.src -e ipv6.dst -e tcp.stream -e tls.record.opaque_type \
        -e tls.record.version -e tls.record.length -e tcp.reassembled_in -e frame.len -e frame.comment \
        > "$OUT/$out" 2>/dev/null
}
for f in "$OUT"/*.pcapng; do
    cap="$(basename "$f")"; base="${cap%.pcapng}"
    if [[ -s "$OUT/$base.keylog" ]]; then
        truth "$cap" "$cap.truth.tsv" -o "tls.keylog_file:$OUT/$base.keylog"
        truth "$cap" "$cap.nodecrypt.truth.tsv"
    else
        truth "$cap" "$cap.truth.tsv"
    fi
done
log "wrote the *.truth.tsv files"

log "done (mosquitto $(mosquitto -h 2>/dev/null | sed -n 's/^mosquitto version //p'), $(tshark -v 2>/dev/null | head -1))"
