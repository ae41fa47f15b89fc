#!/usr/bin/env bash
# Makes the failure captures of this folder (see README.md, "Failure captures"): each way an MQTT client
# can fail to get through, reproduced for real with mosquitto, openssl and a tiny python3 peer.
#
# Needs: root (network namespaces, dumpcap), mosquitto, mosquitto-clients, openssl, dumpcap/tshark,
# iproute2, nftables, python3, and for the TLS key logs gcc with the OpenSSL headers (libssl-dev).
#   apt-get install -y mosquitto mosquitto-clients tshark openssl iproute2 nftables python3 gcc libssl-dev
#
# Everything runs inside network namespaces this script creates and deletes: the captures are made on the
# loopback interface of a private namespace (127.0.0.1, so ports 1883 and 8883 are always free and no
# other traffic gets in), and the "no answer" case uses a veth pair between two private namespaces
# (192.0.2.0/24, the documentation range, which exists only inside them). Nothing leaves the machine.
#
# Idempotent: every run works in a fresh temp dir (throwaway CA, certificates, broker configs) and fresh
# namespaces, and overwrites its own files here (never the captures of make-samples.sh). On exit, also on
# failure, it stops the processes it started and deletes its namespaces and temp dir.
set -euo pipefail

OUT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TMP="$(mktemp -d -t layerscope-failures.XXXXXX)"
NS="lsf$$"          # loopback namespace: brokers, peers, clients and captures
NSC="lsf$$c"        # "no answer": the client's namespace
NSB="lsf$$b"        # "no answer": the broker's namespace, whose firewall drops TCP 8883
HOST=127.0.0.1
PLAIN_PORT=1883
TLS_PORT=8883
TOPIC=sdk/test/python
MSG='"test message"'

NAMESPACES=()
PIDS=()
DUMPCAP_PID=""
BROKER_PID=""

log() { printf '[make-failure-samples %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf '[make-failure-samples] error: %s\n' "$*" >&2; exit 1; }

cleanup() {
    local rc=$?
    set +e
    if [[ -n "$DUMPCAP_PID" ]]; then kill -INT "$DUMPCAP_PID" 2>/dev/null; wait "$DUMPCAP_PID" 2>/dev/null; fi
    for pid in "${PIDS[@]}"; do
        kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    done
    for ns in "${NAMESPACES[@]}"; do
        # anything still running in our own namespaces was started by this script
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    rm -rf "$TMP"
    [[ $rc -eq 0 ]] || log "failed (exit $rc); namespaces, processes and $TMP cleaned up"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ $EUID -eq 0 ]] || die "run as root (network namespaces and dumpcap)"
for tool in mosquitto mosquitto_pub mosquitto_sub mosquitto_passwd openssl dumpcap tshark ip ss nft python3; do
    command -v "$tool" >/dev/null 2>&1 \
        || die "missing tool: $tool (apt-get install -y mosquitto mosquitto-clients tshark openssl iproute2 nftables python3)"
done
PYTHON="$(command -v python3)"

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
# background process in a namespace (ip netns exec execs the command: $! is the command's own pid)
bg_ns() { local ns=$1; shift; ip netns exec "$ns" "$@" & PIDS+=("$!"); LAST_PID=$!; }
forget_pid() { local keep=() p; for p in "${PIDS[@]}"; do [[ "$p" == "$1" ]] || keep+=("$p"); done; PIDS=("${keep[@]}"); }
stop_pid() { # pid [signal]
    kill "-${2:-TERM}" "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    forget_pid "$1"
}
wait_pid() { # pid seconds: wait for a process to end by itself; its exit status in WAIT_RC
    local i
    for i in $(seq 1 $(( $2 * 20 ))); do
        if ! kill -0 "$1" 2>/dev/null; then
            WAIT_RC=0; wait "$1" 2>/dev/null || WAIT_RC=$?
            forget_pid "$1"; return 0
        fi
        sleep 0.05
    done
    die "process $1 did not finish in $2 s"
}
new_ns() { # name
    ip netns add "$1"
    NAMESPACES+=("$1")
    ip -n "$1" link set lo up
}

# ---------------------------------------------------------------- certificates (throwaway, EC P-256 to stay small)
. "$OUT/throwaway-certs.sh" # make_ca, make_leaf
log "making throwaway CA and certificates in $TMP"
make_ca ca "LayerScope Sample CA"
make_ca rogue-ca "LayerScope Rogue CA"
make_leaf server localhost ca "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:192.0.2.2"
make_leaf client basicPubSub ca "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth"
make_leaf rogue-client basicPubSub rogue-ca "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth"

# ---------------------------------------------------------------- key-log shim (as in make-samples.sh)
# mosquitto_pub/_sub have no key-log option and OpenSSL ignores SSLKEYLOGFILE, so a tiny LD_PRELOAD library
# installs OpenSSL's keylog callback on every SSL_CTX the client uses. Required here: the TLS 1.3 failures
# are only readable with keys.
command -v gcc >/dev/null 2>&1 && [[ -f /usr/include/openssl/ssl.h ]] \
    || die "gcc and the OpenSSL headers are needed for the key logs (apt-get install -y gcc libssl-dev)"
cp "$OUT/keylog-shim.c" "$TMP/keylog.c"
gcc -shared -fPIC -O2 -o "$TMP/keylog.so" "$TMP/keylog.c" -ldl -lssl 2>"$TMP/gcc.log" \
    || die "key-log shim did not build: $(head -1 "$TMP/gcc.log")"
KEYLOG_SO="$TMP/keylog.so"

# With OpenSSL 3, --tls-version (mosquitto_pub, mosquitto's tls_version) only sets a minimum: an OpenSSL config
# with MaxProtocol = TLSv1.2, given through OPENSSL_CONF, pins TLS 1.2 (for a client, or for the broker).
printf '%s\n' "openssl_conf = openssl_init" "[openssl_init]" "ssl_conf = ssl_sect" "[ssl_sect]" \
    "system_default = system_default_sect" "[system_default_sect]" "MaxProtocol = TLSv1.2" > "$TMP/tls12.cnf"
tls_env() { # version -> one environment assignment for the client
    if [[ "$1" == 1.2 ]]; then echo "OPENSSL_CONF=$TMP/tls12.cnf"; else echo "LAYERSCOPE_TLS=$1"; fi
}

# ---------------------------------------------------------------- broker, capture and client helpers
start_broker() { # ns config-lines...
    local ns=$1; shift
    printf '%s\n' "user root" "persistence false" "log_dest file $TMP/mosquitto.log" "log_type all" "$@" > "$TMP/mosquitto.conf"
    : > "$TMP/mosquitto.log"
    bg_ns "$ns" env ${BROKER_ENV:-} mosquitto -c "$TMP/mosquitto.conf" >/dev/null 2>&1
    BROKER_PID=$LAST_PID
}
stop_broker() {
    if [[ -n "$BROKER_PID" ]]; then stop_pid "$BROKER_PID"; BROKER_PID=""; fi
}
wait_listen() { # ns port
    local i
    for i in $(seq 1 100); do
        in_ns "$1" ss -Htln "sport = :$2" | grep -q . && return 0
        sleep 0.05
    done
    cat "$TMP/mosquitto.log" >&2 2>/dev/null || true
    die "nothing listens on port $2 in $1"
}
wait_log() { # pattern seconds: wait until the broker log has a line matching pattern
    local i
    for i in $(seq 1 $(( $2 * 20 ))); do
        grep -q -- "$1" "$TMP/mosquitto.log" 2>/dev/null && return 0
        sleep 0.05
    done
    cat "$TMP/mosquitto.log" >&2
    die "the broker did not log '$1' in $2 s"
}
start_capture() { # ns iface filter file
    rm -f "$TMP/$4"
    bg_ns "$1" dumpcap -q -i "$2" -f "$3" -w "$TMP/$4" >/dev/null 2>"$TMP/dumpcap.log"
    DUMPCAP_PID=$LAST_PID
    local i
    for i in $(seq 1 100); do
        [[ -s "$TMP/$4" ]] && break
        sleep 0.05
    done
    [[ -s "$TMP/$4" ]] || { cat "$TMP/dumpcap.log" >&2; die "dumpcap did not start"; }
    sleep 0.5
}
stop_capture() { # file
    sleep 0.5
    stop_pid "$DUMPCAP_PID" INT
    DUMPCAP_PID=""
    [[ -s "$TMP/$1" ]] || die "no capture file: '$1'"
    cp "$TMP/$1" "$OUT/$1"
    chmod 644 "$OUT/$1"
    log "wrote $1 ($(stat -c %s "$OUT/$1") bytes, $(tshark -r "$OUT/$1" 2>/dev/null | wc -l) frames)"
}
keep_keylog() { # name
    [[ -s "$TMP/$1.keylog" ]] || die "no key log was written for $1"
    cp "$TMP/$1.keylog" "$OUT/$1.keylog"
    chmod 644 "$OUT/$1.keylog"
    log "wrote $1.keylog ($(wc -l < "$OUT/$1.keylog") lines)"
}
# a client in the loopback namespace, with a key log; its exit status in CLIENT_RC
client() { # keylog-name command...
    local name=$1; shift
    rm -f "$TMP/$name.keylog"
    CLIENT_RC=0
    in_ns "$NS" env SSLKEYLOGFILE="$TMP/$name.keylog" LD_PRELOAD="$KEYLOG_SO" timeout 20 "$@" \
        >"$TMP/client.out" 2>&1 || CLIENT_RC=$?
}
expect_fail() { # what
    [[ $CLIENT_RC -ne 0 ]] || { cat "$TMP/client.out" >&2; die "expected the client to fail: $1"; }
    log "  client failed as expected (exit $CLIENT_RC): $(tr '\n' ' ' < "$TMP/client.out" | cut -c1-160)"
}
tls_listener() { # cafile [extra lines...]
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
    start_broker "$NS" "${lines[@]}"
    wait_listen "$NS" $TLS_PORT
}
pub_tls() { # version cafile [cert-name] -> PUB: the real mosquitto_pub over TLS, QoS 1 (the AWS IoT sample's message)
    local ver=$1 ca=$2 cert=${3:-}
    PUB=(env "$(tls_env "$ver")" mosquitto_pub -h $HOST -p $TLS_PORT --tls-version "tlsv$ver" --cafile "$TMP/$ca.crt")
    [[ -z "$cert" ]] || PUB+=(--cert "$TMP/$cert.crt" --key "$TMP/$cert.key")
    PUB+=(-i "${CLIENT_ID:-basicPubSub}" -t $TOPIC -m "$MSG" -q 1)
}

new_ns "$NS"
LO_CAPTURE="tcp port $TLS_PORT"

# ---------------------------------------------------------------- 1. no answer: a firewall drops TCP 8883
# Two namespaces joined by a veth pair. The broker side runs mosquitto on 192.0.2.2:8883, but its nftables
# input chain drops TCP to port 8883, so the client's SYN gets no answer at all. The client's kernel gets a short
# limit (net.ipv4.tcp_syn_retries = 2, which kernels turn into a time limit; Linux 6.x sends the first SYN
# retransmissions 1 s apart, so a few more SYNs go out and the client gives up after about 6 s).
# The capture is the client's view, on its veth.
log "1. tcp-no-answer-8883"
new_ns "$NSC"; new_ns "$NSB"
ip -n "$NSC" link add veth0 type veth peer name veth0 netns "$NSB"
ip -n "$NSC" addr add 192.0.2.1/24 dev veth0
ip -n "$NSB" addr add 192.0.2.2/24 dev veth0
ip -n "$NSC" link set veth0 up
ip -n "$NSB" link set veth0 up
in_ns "$NSC" sysctl -q -w net.ipv4.tcp_syn_retries=2
in_ns "$NSB" nft -f - <<'EOF'
table inet firewall {
    chain input {
        type filter hook input priority filter; policy accept;
        tcp dport 8883 drop
    }
}
EOF
printf '%s\n' "user root" "persistence false" "log_dest file $TMP/mosquitto.log" \
    "listener $TLS_PORT 192.0.2.2" "allow_anonymous true" "cafile $TMP/ca.crt" "certfile $TMP/server.crt" \
    "keyfile $TMP/server.key" "require_certificate true" > "$TMP/mosquitto.conf"
bg_ns "$NSB" mosquitto -c "$TMP/mosquitto.conf" >/dev/null 2>&1
BROKER_PID=$LAST_PID
wait_listen "$NSB" $TLS_PORT
start_capture "$NSC" veth0 "tcp port $TLS_PORT" tcp-no-answer-8883.pcapng
CLIENT_RC=0
in_ns "$NSC" timeout 30 mosquitto_pub -h 192.0.2.2 -p $TLS_PORT --cafile "$TMP/ca.crt" --cert "$TMP/client.crt" \
    --key "$TMP/client.key" -i basicPubSub -t $TOPIC -m "$MSG" -q 1 >"$TMP/client.out" 2>&1 || CLIENT_RC=$?
expect_fail "the firewall drops the SYN"
stop_capture tcp-no-answer-8883.pcapng
stop_broker

# ---------------------------------------------------------------- 2. TLS 1.3: the client does not trust the server certificate
log "2. mqtt-tls13-wrong-server-ca"
tls_broker ca
start_capture "$NS" lo "$LO_CAPTURE" mqtt-tls13-wrong-server-ca.pcapng
pub_tls 1.3 rogue-ca client
client mqtt-tls13-wrong-server-ca "${PUB[@]}"
expect_fail "the client must refuse the server certificate"
stop_capture mqtt-tls13-wrong-server-ca.pcapng
keep_keylog mqtt-tls13-wrong-server-ca

# ---------------------------------------------------------------- 3. TLS 1.3: the server does not trust the client certificate
# In TLS 1.3 the client is done after its Finished and may send its CONNECT at once, while the broker still checks
# the certificate: from run to run the client reads the broker's alert first (no CONNECT on the wire), or its
# CONNECT crosses the alert. Both are kept (mqtt-tls13-unknown-ca: no CONNECT; ...-early-connect: the CONNECT
# follows the alert on the wire), trying again until the wanted one is captured. The client without a
# certificate (4.) is kept in the first form.
has_connect() { # name: the decrypted capture holds the client's CONNECT
    [[ "$(tshark -r "$OUT/$1.pcapng" -o "tls.keylog_file:$TMP/$1.keylog" -Y 'mqtt.msgtype == 1' 2>/dev/null | wc -l)" -gt 0 ]]
}
tls13_refused() { # name want-connect(yes|no) [cert-name]: a TLS 1.3 client the broker refuses
    local name=$1 want=$2 cert=${3:-} got attempt
    log "${LOG_CASE} $name"
    for attempt in $(seq 1 40); do
        start_capture "$NS" lo "$LO_CAPTURE" "$name.pcapng"
        pub_tls 1.3 ca $cert
        client "$name" "${PUB[@]}"
        expect_fail "the broker must refuse the client"
        stop_capture "$name.pcapng"
        got=no; has_connect "$name" && got=yes
        [[ $got == "$want" ]] && break
        [[ $attempt -lt 40 ]] || die "$name: could not capture the order wanted (CONNECT on the wire: $want)"
        log "  $name: CONNECT on the wire: $got, want $want (attempt $attempt), again"
    done
    keep_keylog "$name"
}
LOG_CASE=3. tls13_refused mqtt-tls13-unknown-ca no rogue-client
# a longer client id (a device's thing name) makes the CONNECT record too long to be taken for an alert
CLIENT_ID=basicPubSub-device-0123456789abcdef LOG_CASE=3. tls13_refused mqtt-tls13-unknown-ca-early-connect yes rogue-client

# ---------------------------------------------------------------- 4. the client sends no certificate (TLS 1.2 and 1.3)
name=mqtt-tls12-no-client-cert
log "4. $name"
start_capture "$NS" lo "$LO_CAPTURE" "$name.pcapng"
pub_tls 1.2 ca
client "$name" "${PUB[@]}"
expect_fail "the broker requires a client certificate"
stop_capture "$name.pcapng"
keep_keylog "$name"
LOG_CASE=4. tls13_refused mqtt-tls13-no-client-cert no
stop_broker

# ---------------------------------------------------------------- 5. TLS version mismatch: client 1.3 only, server 1.2 only
# mosquitto's tls_version is only a minimum with OpenSSL 3: the broker gets MaxProtocol = TLSv1.2 through
# OPENSSL_CONF; the client's --tls-version tlsv1.3 makes it offer TLS 1.3 only. No key log: no keys exist.
log "5. mqtt-tls-version-mismatch"
BROKER_ENV="OPENSSL_CONF=$TMP/tls12.cnf" tls_broker ca
start_capture "$NS" lo "$LO_CAPTURE" mqtt-tls-version-mismatch.pcapng
CLIENT_RC=0
in_ns "$NS" timeout 20 mosquitto_pub -h $HOST -p $TLS_PORT --tls-version tlsv1.3 --cafile "$TMP/ca.crt" \
    --cert "$TMP/client.crt" --key "$TMP/client.key" -i basicPubSub -t $TOPIC -m "$MSG" -q 1 >"$TMP/client.out" 2>&1 \
    || CLIENT_RC=$?
expect_fail "a TLS 1.3-only client and a TLS 1.2-only broker share no version"
stop_capture mqtt-tls-version-mismatch.pcapng
stop_broker

# ---------------------------------------------------------------- 6. plaintext MQTT 3.1.1, authentication required, wrong password
log "6. mqtt-plain-311-bad-password"
printf 'alice:s3cret!\n' > "$TMP/passwd"
mosquitto_passwd -U "$TMP/passwd" >/dev/null 2>&1
start_broker "$NS" "listener $PLAIN_PORT $HOST" "allow_anonymous false" "password_file $TMP/passwd"
wait_listen "$NS" $PLAIN_PORT
start_capture "$NS" lo "tcp port $PLAIN_PORT" mqtt-plain-311-bad-password.pcapng
CLIENT_RC=0
in_ns "$NS" timeout 20 mosquitto_pub -V mqttv311 -h $HOST -p $PLAIN_PORT -i pub311-auth -u alice -P 'wrong!' \
    -t $TOPIC -m "$MSG" -q 1 >"$TMP/client.out" 2>&1 || CLIENT_RC=$?
expect_fail "the broker must refuse the wrong password"
stop_capture mqtt-plain-311-bad-password.pcapng
stop_broker

# ---------------------------------------------------------------- 7. the broker closes after a forbidden PUBLISH (like AWS IoT Core)
# mosquitto answers a PUBLISH its ACL forbids with a PUBACK, so a tiny python3 peer plays IoT Core: mutual TLS
# on 127.0.0.1:8883, reads CONNECT, sends CONNACK 0, reads the PUBLISH, then closes the TCP connection
# (no PUBACK, no close_notify). The client is the real mosquitto_pub at QoS 1, with a key log.
cat > "$TMP/iot_peer.py" <<'EOF'
import socket, ssl, sys

port, cert, key, ca, version, ready = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
ctx.load_verify_locations(ca)
ctx.verify_mode = ssl.CERT_REQUIRED
if version == "1.2":
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
else:
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3

def read_exactly(s, n):
    b = b""
    while len(b) < n:
        chunk = s.recv(n - len(b))
        if not chunk:
            sys.exit("peer closed early")
        b += chunk
    return b

def read_packet(s):
    first = read_exactly(s, 1)[0]
    length, shift = 0, 0
    while True:
        d = read_exactly(s, 1)[0]
        length |= (d & 0x7f) << shift
        shift += 7
        if d < 0x80:
            break
    return first >> 4, read_exactly(s, length)

ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(port)))
ls.listen(1)
open(ready, "w").close()
raw, _ = ls.accept()
ls.close()
s = ctx.wrap_socket(raw, server_side=True)
t, _ = read_packet(s)
assert t == 1, "expected CONNECT, got type %d" % t
s.sendall(b"\x20\x02\x00\x00")          # CONNACK, session present 0, return code 0 (accepted)
t, body = read_packet(s)
assert t == 3, "expected PUBLISH, got type %d" % t
# the policy forbids this topic: close the TCP connection without PUBACK and without close_notify
s.close()
print("closed after PUBLISH of %d bytes" % len(body))
EOF
for ver in 1.2 1.3; do
    name="mqtt-tls${ver/./}-publish-forbidden"
    log "7. $name"
    rm -f "$TMP/peer.ready"
    bg_ns "$NS" "$PYTHON" "$TMP/iot_peer.py" $TLS_PORT "$TMP/server.crt" "$TMP/server.key" "$TMP/ca.crt" $ver \
        "$TMP/peer.ready" >"$TMP/peer.out" 2>&1
    PEER_PID=$LAST_PID
    for _ in $(seq 1 100); do [[ -e "$TMP/peer.ready" ]] && break; sleep 0.05; done
    [[ -e "$TMP/peer.ready" ]] || { cat "$TMP/peer.out" >&2; die "the python peer did not start"; }
    start_capture "$NS" lo "$LO_CAPTURE" "$name.pcapng"
    pub_tls $ver ca client
    client "$name" "${PUB[@]}"
    expect_fail "the peer closes the connection instead of the PUBACK"
    wait_pid "$PEER_PID" 10
    [[ $WAIT_RC -eq 0 ]] || { cat "$TMP/peer.out" >&2; die "the python peer failed"; }
    stop_capture "$name.pcapng"
    keep_keylog "$name"
done

# ---------------------------------------------------------------- 8. the client is killed mid-session
# mosquitto_sub over mutual TLS, killed with SIGKILL once the broker has sent the SUBACK. With nothing unread
# in its socket the kernel closes with FIN; in the -unread capture the subscriber is first stopped (SIGSTOP),
# a message is published to it (over plaintext 1883, outside the capture filter) and arrives unread, so the
# kernel answers the kill with RST.
tls_broker_with_plain() {
    local lines
    mapfile -t lines < <(tls_listener ca)
    start_broker "$NS" "${lines[@]}" "listener $PLAIN_PORT $HOST"
    wait_listen "$NS" $TLS_PORT
    wait_listen "$NS" $PLAIN_PORT
}
for variant in tls12 tls13 tls13-unread; do
    case $variant in
        tls12) ver=1.2; name=mqtt-tls12-client-killed ;;
        tls13) ver=1.3; name=mqtt-tls13-client-killed ;;
        *) ver=1.3; name=mqtt-tls13-client-killed-unread ;;
    esac
    log "8. $name"
    tls_broker_with_plain
    start_capture "$NS" lo "$LO_CAPTURE" "$name.pcapng"
    rm -f "$TMP/$name.keylog"
    bg_ns "$NS" env SSLKEYLOGFILE="$TMP/$name.keylog" LD_PRELOAD="$KEYLOG_SO" "$(tls_env $ver)" \
        mosquitto_sub -h $HOST -p $TLS_PORT --tls-version "tlsv$ver" --cafile "$TMP/ca.crt" \
        --cert "$TMP/client.crt" --key "$TMP/client.key" -i sub-killed -k 60 -q 1 -t $TOPIC >/dev/null 2>&1
    SUB_PID=$LAST_PID
    wait_log "Sending SUBACK to sub-killed" 10
    sleep 0.5
    if [[ $variant == *-unread ]]; then
        kill -STOP "$SUB_PID"
        in_ns "$NS" mosquitto_pub -h $HOST -p $PLAIN_PORT -i pub-plain -t $TOPIC -m "$MSG" -q 0
        wait_log "Sending PUBLISH to sub-killed" 10
        sleep 0.5
    fi
    stop_pid "$SUB_PID" KILL
    sleep 0.5
    stop_capture "$name.pcapng"
    keep_keylog "$name"
    stop_broker
done

# ---------------------------------------------------------------- tshark's view of each new file (as make-samples.sh)
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
for cap in tcp-no-answer-8883 mqtt-tls13-wrong-server-ca mqtt-tls13-unknown-ca mqtt-tls13-unknown-ca-early-connect \
        mqtt-tls12-no-client-cert \
        mqtt-tls13-no-client-cert mqtt-tls-version-mismatch mqtt-plain-311-bad-password \
        mqtt-tls12-publish-forbidden mqtt-tls13-publish-forbidden mqtt-tls12-client-killed \
        mqtt-tls13-client-killed mqtt-tls13-client-killed-unread; do
    if [[ -s "$OUT/$cap.keylog" ]]; then
        truth "$cap.pcapng" "$cap.pcapng.truth.tsv" -o "tls.keylog_file:$OUT/$cap.keylog"
        truth "$cap.pcapng" "$cap.pcapng.nodecrypt.truth.tsv"
    else
        truth "$cap.pcapng" "$cap.pcapng.truth.tsv"
    fi
done
log "wrote the *.truth.tsv files"
log "done (mosquitto $(mosquitto -h 2>/dev/null | sed -n 's/^mosquitto version //p'), $(tshark -v 2>/dev/null | head -1))"
