#!/usr/bin/env bash
# Makes the seeds of the stream-decoder and filter fuzz targets (committed under
# src/test/resources/org/layerscope/fuzz/): the TCP payloads of the sample captures in the targets' chunk
# form [flags: bit 0 = from the server][length: 2 bytes][bytes] (tshark reads them), and the display filters of
# the filter table test. Rerun after adding samples.
set -euo pipefail
cd "$(dirname "$0")/.."
res=src/test/resources/org/layerscope/fuzz
mkdir -p "$res/DecoderFuzzTestInputs/tlsRecords" "$res/DecoderFuzzTestInputs/mqtt311" \
  "$res/DecoderFuzzTestInputs/mqtt5" "$res/DecoderFuzzTestInputs/keyLog" "$res/FilterFuzzTestInputs/compileAndEvaluate"
chunks() { # capture server-port out
  tshark -r "$1" -Y 'tcp.len>0' -T fields -e tcp.srcport -e tcp.payload 2>/dev/null | python3 -c '
import sys
port = sys.argv[1]; out = bytearray()
for line in sys.stdin:
    src, _, hexdata = line.rstrip("\n").partition("\t")
    data = bytes.fromhex(hexdata.replace(":", ""))
    out += bytes([1 if src == port else 0]) + len(data).to_bytes(2, "big") + data
    if len(out) > 60000: break
open(sys.argv[2], "wb").write(out)' "$2" "$3"
}
for f in sample-pcaps/mqtt-tls1*.pcapng sample-pcaps/run-capture-tls1*.pcapng sample-pcaps/mqtt-tls-*.pcapng; do
  chunks "$f" 8883 "$res/DecoderFuzzTestInputs/tlsRecords/seed-$(basename "${f%.pcapng}")"
done
for f in sample-pcaps/mqtt-plain-311*.pcapng; do
  chunks "$f" 1883 "$res/DecoderFuzzTestInputs/mqtt311/seed-$(basename "${f%.pcapng}")"
done
chunks sample-pcaps/mqtt-plain-5.pcapng 1883 "$res/DecoderFuzzTestInputs/mqtt5/seed-mqtt-plain-5"
for f in sample-pcaps/mqtt-tls12-mutual.keylog sample-pcaps/mqtt-tls13-mutual.keylog; do
  cp "$f" "$res/DecoderFuzzTestInputs/keyLog/seed-$(basename "$f")"
done
# the DER certificates of the TLS samples (each distinct one once), for the certificate target
mkdir -p "$res/DecoderFuzzTestInputs/certificate"
for f in sample-pcaps/mqtt-tls12-mutual.pcapng sample-pcaps/mqtt-tls13-mutual.pcapng ../shared/wireshark-captures/captures/*.pcap; do
  [ -f "$f" ] || continue
  tshark -r "$f" -Y tls.handshake.certificate -T fields -e tls.handshake.certificate 2>/dev/null | tr ',' '\n'
done | sed 's/://g' | grep -v '^$' | sort -u | while read -r hex; do
  echo "$hex" | xxd -r -p > "$res/DecoderFuzzTestInputs/certificate/seed-$(echo "$hex" | sha1sum | cut -c1-12)"
done
# one filter per seed file, from the filter table (column 2 is the expression)
i=0
cut -f3 src/test/resources/org/layerscope/analysis/filter/filter-table.tsv 2>/dev/null | grep -v '^#' | grep -vx expression | sort -u | head -150 |
  while IFS= read -r e; do [ -n "$e" ] && printf '%s' "$e" > "$res/FilterFuzzTestInputs/compileAndEvaluate/seed-$((i++))"; done
ls "$res"/*/* | wc -l
