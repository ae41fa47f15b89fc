#!/usr/bin/env bash
# Regenerates the MQTT test fixtures of this folder from the captures in sample-pcaps/ (see README.md).
# Needs tshark (4.0.17 wrote the committed files).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PCAPS="$(cd "$HERE/../../../../sample-pcaps" && pwd)"

FIELDS=(frame.number tcp.stream tcp.srcport tcp.dstport tcp.seq tcp.payload
  mqtt.msgtype mqtt.hdrflags mqtt.len mqtt.dupflag mqtt.qos mqtt.retain
  mqtt.proto_len mqtt.protoname mqtt.ver mqtt.conflags mqtt.conflag.cleansess mqtt.conflag.uname mqtt.conflag.passwd
  mqtt.conflag.willflag mqtt.conflag.qos mqtt.conflag.retain mqtt.kalive mqtt.clientid mqtt.willtopic mqtt.willmsg
  mqtt.username mqtt.passwd_len
  mqtt.conack.flags mqtt.conack.flags.sp mqtt.conack.val mqtt.connack.reason_code
  mqtt.topic_len mqtt.topic mqtt.msgid mqtt.msg
  mqtt.puback.reason_code mqtt.pubrec.reason_code mqtt.pubrel.reason_code mqtt.pubcomp.reason_code
  mqtt.sub.qos mqtt.subscription_options mqtt.suback.qos mqtt.suback.reason_code mqtt.unsuback.reason_code
  mqtt.disconnect.reason_code mqtt.auth.reason_code
  mqtt.property_len mqtt.property_id mqtt.prop_number mqtt.prop_key mqtt.prop_value mqtt.prop_string
  mqtt.property.topic_alias mqtt.property.content_type
  _ws.col.Info)

fields() { local a=(); for f in "${FIELDS[@]}"; do a+=(-e "$f"); done; printf '%s\n' "${a[@]}"; }
mapfile -t ARGS < <(fields)

# tshark's view of each frame that carries TCP payload: one row per frame, several values of a field
# (several MQTT packets or properties in one frame) joined with '|'.
tsv() { # out capture filter [tshark options...]
    local out=$1 cap=$2 filter=$3; shift 3
    tshark -n -r "$PCAPS/$cap" "$@" -Y "$filter" -T fields -E header=y -E separator=/t -E quote=n \
        -E occurrence=a -E aggregator='|' "${ARGS[@]}" > "$HERE/$out"
    echo "wrote $out ($(($(wc -l < "$HERE/$out") - 1)) rows)"
}

tsv mqtt-plain-311.tsv mqtt-plain-311.pcapng "tcp.len > 0"
tsv mqtt-plain-5.tsv mqtt-plain-5.pcapng "tcp.len > 0"
for name in mqtt-tls12-mutual mqtt-tls13-mutual; do
    tsv "$name.tsv" "$name.pcapng" mqtt -o "tls.keylog_file:$PCAPS/$name.keylog"
    # the decrypted application data of each direction, one TLS record per line (server side indented)
    tshark -n -r "$PCAPS/$name.pcapng" -o "tls.keylog_file:$PCAPS/$name.keylog" -q -z follow,tls,raw,0 \
        > "$HERE/$name.follow.txt"
    echo "wrote $name.follow.txt"
done
