#!/usr/bin/env bash
# Makes a REAL capture of ONE long-lived MQTT-over-TLS connection plus the client's TLS key log, for the
# benchmark of selecting packets deep in a long *decrypted* connection (every selection far from the
# connection's start makes the analysis decrypt and reassemble the whole connection up to that frame).
#
# Debian's mosquitto broker on 127.0.0.1:8883 (server and client certificates from a throwaway CA, as in
# sample-pcaps/make-samples.sh), ONE mosquitto_pub client that keeps its one connection open and publishes
# MESSAGES lines read from a generator (mosquitto_pub -l, QoS 1 so a PUBACK flows back for every PUBLISH;
# payloads of varied size, every 40th one 2-6 KB), dumpcap on lo (pcapng, whole frames). The key log
# comes from sample-pcaps/keylog-shim.c preloaded into mosquitto_pub. Everything runs in a private network
# namespace (unshare -n), so port 8883 is always free and no other loopback traffic gets into the capture.
#
# usage: bench/make-long-decrypted-capture.sh OUT_BASENAME [MESSAGES] [TLS_VERSION]
#   OUT_BASENAME  writes OUT_BASENAME.pcapng and OUT_BASENAME.keylog (mode 600)
#   MESSAGES      PUBLISH messages on the one connection (default 100000: about 200k frames)
#   TLS_VERSION   tlsv1.3 (default) or tlsv1.2 (pinned with an OpenSSL config, AEAD suite
#                 ECDHE-ECDSA-AES128-GCM-SHA256)
# environment: PACE_US=100  pause after each message line, in microseconds (0: as fast as possible)
# Needs root, mosquitto, mosquitto-clients, openssl, dumpcap (tshark), gcc, libssl-dev, util-linux, iproute2:
#   apt-get install -y mosquitto mosquitto-clients openssl tshark gcc libssl-dev
# Check:  tshark -r OUT.pcapng -o tls.keylog_file:OUT.keylog -Y 'mqtt.msgtype == 3' | wc -l   (= MESSAGES)
#         tshark -r OUT.pcapng -q -z conv,tcp
set -euo pipefail

usage() { echo "usage: $0 OUT_BASENAME [MESSAGES] [tlsv1.3|tlsv1.2]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 3 ]] || usage
OUT_BASE=$1
MESSAGES=${2:-100000}
TLS_VERSION=${3:-tlsv1.3}
[[ "$MESSAGES" =~ ^[1-9][0-9]*$ ]] || usage
[[ "$TLS_VERSION" == tlsv1.3 || "$TLS_VERSION" == tlsv1.2 ]] || usage

log() { printf '[make-long-decrypted %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf '[make-long-decrypted] error: %s\n' "$*" >&2; exit 1; }

if [[ "${LAYERSCOPE_IN_NETNS:-}" != 1 ]]; then
    [[ $EUID -eq 0 ]] || die "run as root (private network namespace and capture on its lo)"
    for tool in mosquitto mosquitto_pub openssl dumpcap capinfos gcc unshare ip ss awk; do
        command -v "$tool" >/dev/null 2>&1 \
            || die "missing tool: $tool (apt-get install -y mosquitto mosquitto-clients openssl tshark gcc libssl-dev iproute2)"
    done
    [[ -f /usr/include/openssl/ssl.h ]] || die "no OpenSSL headers (apt-get install -y libssl-dev)"
    OUT_DIR=$(cd "$(dirname "$OUT_BASE")" && pwd)
    exec unshare -n env LAYERSCOPE_IN_NETNS=1 bash "$0" "$OUT_DIR/$(basename "$OUT_BASE")" "$MESSAGES" "$TLS_VERSION"
fi
ip link set lo up

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$(mktemp -d -t layerscope-longtls.XXXXXX)"
HOST=127.0.0.1
PORT=8883            # tshark and LayerScope dissect MQTT over TLS on 8883 without any decode-as
TOPIC=bench/long/tls
PACE_US=${PACE_US:-100}
[[ "$PACE_US" =~ ^[0-9]+$ ]] || die "PACE_US must be a number of microseconds"
BROKER_PID=""
DUMPCAP_PID=""

cleanup() {
    local rc=$?
    set +e
    if [[ -n "$DUMPCAP_PID" ]]; then kill -INT "$DUMPCAP_PID" 2>/dev/null; wait "$DUMPCAP_PID" 2>/dev/null; fi
    if [[ -n "$BROKER_PID" ]]; then kill "$BROKER_PID" 2>/dev/null; wait "$BROKER_PID" 2>/dev/null; fi
    rm -rf "$TMP"
    [[ $rc -eq 0 ]] || log "failed (exit $rc)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- certificates (throwaway, EC P-256)
. "$SRC/sample-pcaps/throwaway-certs.sh" # make_ca, make_leaf
log "certificates, key-log shim and broker config in $TMP"
make_ca ca "LayerScope Sample CA"
make_leaf server localhost ca "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1"
make_leaf client basicPubSub ca "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth"

# ---------------------------------------------------------------- key-log shim (sample-pcaps/keylog-shim.c)
cp "$SRC/sample-pcaps/keylog-shim.c" "$TMP/keylog.c"
gcc -shared -fPIC -O2 -o "$TMP/keylog.so" "$TMP/keylog.c" -ldl -lssl 2>"$TMP/gcc.log" \
    || die "key-log shim did not build: $(head -1 "$TMP/gcc.log")"

# TLS 1.2: --tls-version is only a minimum with OpenSSL 3, so an OpenSSL config pins the maximum (as in
# make-samples.sh); --ciphers picks an AEAD suite that fits the EC server certificate.
CLIENT_ENV=()
CLIENT_TLS=(--tls-version "$TLS_VERSION")
if [[ "$TLS_VERSION" == tlsv1.2 ]]; then
    printf '%s\n' "openssl_conf = openssl_init" "[openssl_init]" "ssl_conf = ssl_sect" "[ssl_sect]" \
        "system_default = system_default_sect" "[system_default_sect]" "MaxProtocol = TLSv1.2" > "$TMP/tls12.cnf"
    CLIENT_ENV=("OPENSSL_CONF=$TMP/tls12.cnf")
    CLIENT_TLS+=(--ciphers ECDHE-ECDSA-AES128-GCM-SHA256)
fi

# ---------------------------------------------------------------- broker (mutual TLS) and capture
printf '%s\n' "user root" "persistence false" "log_dest file $TMP/mosquitto.log" "log_type error" "log_type warning" \
    "log_type notice" "listener $PORT $HOST" "allow_anonymous true" "cafile $TMP/ca.crt" \
    "certfile $TMP/server.crt" "keyfile $TMP/server.key" "require_certificate true" > "$TMP/mosquitto.conf"
mosquitto -c "$TMP/mosquitto.conf" >/dev/null 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 100); do ss -Htln "sport = :$PORT" | grep -q . && break; sleep 0.05; done
ss -Htln "sport = :$PORT" | grep -q . || { cat "$TMP/mosquitto.log" >&2; die "broker did not listen on $PORT"; }

# whole frames (loopback frames are at most 65,549 bytes), a big kernel buffer so nothing is dropped
dumpcap -i lo -f "tcp port $PORT" -s 262144 -B 256 -w "$TMP/capture.pcapng" >/dev/null 2>"$TMP/dumpcap.log" &
DUMPCAP_PID=$!
for _ in $(seq 1 100); do [[ -s "$TMP/capture.pcapng" ]] && break; sleep 0.05; done
[[ -s "$TMP/capture.pcapng" ]] || { cat "$TMP/dumpcap.log" >&2; die "dumpcap did not start"; }
sleep 0.5

# ---------------------------------------------------------------- one client, one connection, MESSAGES publishes
# Lines "msg <seq> <filler>": mostly 20-300 bytes, every 40th 2,000-6,000 bytes (a TLS record of a few KB);
# deterministic for a given MESSAGES. A pause of PACE_US microseconds after each line (default 100) makes the
# traffic look like a device publishing steadily (mostly one PUBLISH per segment, its PUBACK in the next);
# PACE_US=0 pipes as fast as possible (mosquitto_pub then packs several PUBLISHes into each segment).
gen() {
    perl -e '
        my ($n, $pace) = @ARGV;
        $| = 1;
        my $filler = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-." x 100;
        for my $i (1 .. $n) {
            my $size = $i % 40 == 0 ? 2000 + ($i * 7919) % 4001 : 20 + ($i * 104729) % 281;
            my $s = sprintf("msg %07d ", $i);
            print $s, substr($filler, 0, $size - length($s)), "\n";
            select(undef, undef, undef, $pace / 1e6) if $pace > 0;
        }' "$MESSAGES" "$PACE_US"
}
log "publishing $MESSAGES messages (QoS 1, $TLS_VERSION) on one connection"
start=$SECONDS
rm -f "$TMP/client.keylog"
gen | env "${CLIENT_ENV[@]}" SSLKEYLOGFILE="$TMP/client.keylog" LD_PRELOAD="$TMP/keylog.so" \
    mosquitto_pub -h $HOST -p $PORT "${CLIENT_TLS[@]}" --cafile "$TMP/ca.crt" \
    --cert "$TMP/client.crt" --key "$TMP/client.key" -i long-decrypted-bench -k 60 -t $TOPIC -q 1 -l \
    || die "mosquitto_pub failed"
log "client done after $(( SECONDS - start )) s"

# ---------------------------------------------------------------- stop cleanly, write the files
sleep 1
kill -INT "$DUMPCAP_PID" 2>/dev/null || true
wait "$DUMPCAP_PID" 2>/dev/null || true
DUMPCAP_PID=""
kill "$BROKER_PID" 2>/dev/null || true
wait "$BROKER_PID" 2>/dev/null || true
BROKER_PID=""
[[ -s "$TMP/client.keylog" ]] || die "no key log written (shim not loaded?)"

grep -E 'dropped on interface' "$TMP/dumpcap.log" >&2 || true
dropped=$(sed -n "s/.*dropped on interface.*': *[0-9]*\/\([0-9]*\).*/\1/p" "$TMP/dumpcap.log" | head -1)
[[ "$dropped" == 0 ]] || log "WARNING: dumpcap reports '${dropped:-no count of}' dropped packets"

cp "$TMP/capture.pcapng" "$OUT_BASE.pcapng"
chmod 644 "$OUT_BASE.pcapng"
(umask 077; cp "$TMP/client.keylog" "$OUT_BASE.keylog")
chmod 600 "$OUT_BASE.keylog"
log "wrote $OUT_BASE.pcapng ($(stat -c %s "$OUT_BASE.pcapng") bytes, $(capinfos -c -M "$OUT_BASE.pcapng" | awk -F: '/Number of packets/ {gsub(/ /, "", $2); print $2}') frames)"
log "wrote $OUT_BASE.keylog ($(wc -l < "$OUT_BASE.keylog") lines)"
