#!/usr/bin/env bash
# Regenerates the fixtures of this folder with tshark (4.0.17 was used); see README.md.
# Run from the repository root:  src/test/resources/tls-keys/make-fixtures.sh
set -euo pipefail
OUT=src/test/resources/tls-keys
CAP=../shared/wireshark-captures/captures
KEYS=../shared/wireshark-captures/keys
export WIRESHARK_CONFIG_DIR="$(mktemp -d)"   # empty profile
trap 'rm -rf "$WIRESHARK_CONFIG_DIR"' EXIT

FIELDS=(-e frame.number -e frame.time_relative -e ip.src -e tcp.srcport -e ip.dst -e tcp.dstport -e tcp.flags.str
  -e tcp.flags -e tcp.len -e tls.record.content_type -e tls.handshake.type -e tls.alert_message.desc
  -e mqtt.msgtype -e _ws.col.Info -e ipv6.src -e ipv6.dst -e tcp.stream -e tls.record.opaque_type
  -e tls.record.version -e tls.record.length -e tcp.reassembled_in -e frame.len -e frame.comment)
truth() { # capture out [tshark options...]
  local cap=$1 out=$2; shift 2
  tshark -n -2 -r "$cap" "$@" -T fields -E header=y -E separator=/t -E quote=n -E occurrence=a -E aggregator=, \
    "${FIELDS[@]}" > "$out"
}

# 1. decrypted truth of the mosquitto sample captures (same columns as the shared truth files)
for v in 12 13; do
  truth sample-pcaps/mqtt-tls$v-mutual.pcapng "$OUT/mqtt-tls$v-mutual.pcapng.truth.tsv" \
    -o tls.keylog_file:sample-pcaps/mqtt-tls$v-mutual.keylog
done

# 2. key logs for the shared captures that tshark decrypts with an RSA key or a PSK, not a key log: tshark's TLS
#    debug log prints the master secret it derived for each client random; we keep those as CLIENT_RANDOM lines.
derive() { # capture out [tshark options...]
  local cap=$1 out=$2; shift 2
  local dbg; dbg="$(mktemp)"
  tshark -n -2 -r "$cap" "$@" -o "tls.debug_file:$dbg" -V > /dev/null
  python3 - "$dbg" > "$out" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="latin-1").read().split("\n")
out = []
i = 0
def dump(i):
    hexs = ""
    while i < len(lines) and lines[i].startswith("| "):
        hexs += lines[i][2:50].replace(" ", "")
        i += 1
    return hexs, i
while i < len(lines):
    if lines[i].startswith("ssl_save_master_key inserted (pre-)master secret for Client Random"):
        random, j = dump(i + 2)
        secret, j = dump(j + 1)
        line = "CLIENT_RANDOM %s %s" % (random, secret)
        if len(random) == 64 and len(secret) == 96 and line not in out:
            out.append(line)
        i = j
    else:
        i += 1
print("# master secrets derived by tshark 4.0.17 (TLS debug log) from the capture's RSA key / PSK")
print("\n".join(out))
PY
  rm -f "$dbg"
}
derive $CAP/rsasnakeoil2.pcap "$OUT/rsasnakeoil2.keys" -o "uat:rsa_keys:\"$KEYS/rsasnakeoil2.key\",\"\""
derive $CAP/rsa-p-lt-q.pcap "$OUT/rsa-p-lt-q.keys" -o "uat:rsa_keys:\"$KEYS/rsa-p-lt-q.key\",\"\""
derive $CAP/tls-renegotiation.pcap "$OUT/tls-renegotiation.keys" -d tcp.port==4433,tls \
  -o "uat:rsa_keys:\"$KEYS/rsasnakeoil2.key\",\"\""
derive $CAP/dmgr.pcapng "$OUT/dmgr.keys" -d tcp.port==9131,tls -o "uat:rsa_keys:\"$KEYS/key.p12\",\"WebAS\""
derive $CAP/tls12-aes128ccm.pcap "$OUT/tls12-aes128ccm.keys" -o tls.psk:ca19e028a8a372ad2d325f950fcaceed
derive $CAP/tls12-aes256gcm.pcap "$OUT/tls12-aes256gcm.keys" -o tls.psk:ca19e028a8a372ad2d325f950fcaceed
