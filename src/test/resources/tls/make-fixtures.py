#!/usr/bin/env python3
"""Regenerates the TLS test fixtures of this directory from the Wireshark test captures.

Usage:  python3 make-fixtures.py [/work/shared/wireshark-captures]

Needs tshark 4.0.17 (the version that wrote the truth files) and, for synthetic.*, text2pcap and
mergecap of the same release. See README.md for what each file holds and the exact tshark commands.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/wireshark-captures'
CAPS = os.path.join(ROOT, 'captures')
KEYS = os.path.join(ROOT, 'keys')

# capture -> extra tshark options (decode-as for non-443 ports)
CAPTURES = {
    'tls12-chacha20poly1305.pcap': [],
    'tls13-rfc8446.pcap': [],
    'tls13-20-chacha20poly1305.pcap': [],
    'tls-fragmented-handshakes.pcap.gz': [],
    'tls-renegotiation.pcap': ['-d', 'tcp.port==4433,tls'],
    'rsasnakeoil2.pcap': [],
    'tls12-aes128ccm.pcap': [],
    'tls12-aes256gcm.pcap': [],
    'tls12-dsb.pcapng': [],
    'dhe1.pcapng.gz': [],
    'rsa-p-lt-q.pcap': [],
    'dmgr.pcapng': ['-d', 'tcp.port==9131,tls'],
    'http2-data-reassembly.pcap': ['-d', 'tcp.port==8443,tls'],
    'many_interfaces.pcapng.1': [],
}
DECRYPTED = {
    'tls13-rfc8446.pcap': ['-o', 'tls.keylog_file:' + os.path.join(KEYS, 'tls13-rfc8446.keys')],
    'tls13-20-chacha20poly1305.pcap': ['-o', 'tls.keylog_file:' + os.path.join(KEYS, 'tls13-20-chacha20poly1305.keys')],
}
TRUTH_COLS = ['tls.record.content_type', 'tls.handshake.type', 'tls.alert_message.desc',
              'tls.record.opaque_type', 'tls.record.version', 'tls.record.length', '_ws.col.Info']


def tshark(args):
    r = subprocess.run(['tshark', '-n'] + args, capture_output=True, text=True, check=True)
    return r.stdout


def truth(capture):
    name = os.path.join(CAPS, capture + '.nodecrypt.truth.tsv')
    if not os.path.exists(name):
        name = os.path.join(CAPS, capture + '.truth.tsv')
    rows = {}
    with open(name, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        for line in f:
            cols = dict(zip(header, line.rstrip('\n').split('\t')))
            rows[int(cols['frame.number'])] = cols
    return rows, os.path.basename(name)


def segments(capture, opts):
    """frame, stream, direction (C = sender of the SYN, else of the first payload), payload."""
    out = tshark(['-r', os.path.join(CAPS, capture)] + opts + [
        '-T', 'fields', '-e', 'frame.number', '-e', 'tcp.stream', '-e', 'tcp.srcport', '-e', 'tcp.dstport',
        '-e', 'tcp.flags.syn', '-e', 'tcp.flags.ack', '-e', 'tcp.seq', '-e', 'tcp.len', '-e', 'tcp.payload',
        '-Y', 'tcp'])
    client = {}
    nxt = {}
    res = []
    for line in out.splitlines():
        fr, st, sp, dp, syn, ack, seq, ln, pl = (line.split('\t') + [''] * 9)[:9]
        if syn == '1' and ack == '0':
            client.setdefault(st, sp)
        if not pl:
            continue
        client.setdefault(st, sp)
        d = 'C' if client[st] == sp else 'S'
        seq, ln = int(seq), int(ln)
        key = (st, d)
        data = bytes.fromhex(pl)
        if key in nxt:
            if seq + ln <= nxt[key]:
                continue  # retransmission of bytes already delivered
            if seq < nxt[key]:
                data = data[nxt[key] - seq:]
                seq = nxt[key]
            if seq != nxt[key]:
                raise SystemExit('%s: gap in stream %s %s at frame %s' % (capture, st, d, fr))
        nxt[key] = seq + len(data)
        res.append((int(fr), int(st), d, data.hex()))
    return res


def write_segments(capture, opts):
    rows, truth_name = truth(capture)
    base = capture.replace('.gz', '')
    path = os.path.join(HERE, base + '.segments.tsv')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('# TCP payloads of %s (Wireshark test suite, GPL-2.0-or-later), one line per frame with data,\n' % capture)
        f.write('# direction C = client (sent the SYN / the first payload). Expected columns copied from %s.\n' % truth_name)
        f.write('# frame\tstream\tdir\tpayload\t' + '\t'.join(TRUTH_COLS) + '\n')
        for fr, st, d, pl in segments(capture, opts):
            t = rows.get(fr, {})
            f.write('\t'.join([str(fr), str(st), d, pl] + [t.get(c, '') for c in TRUTH_COLS]) + '\n')


class Obj(list):
    """A JSON object kept as its (key, value) pairs: tshark repeats keys (several tls.record per frame)."""


def pairs_hook(pairs):
    return Obj(pairs)


def records_of(node):
    """tls.record objects in order, from a JSON layer kept as lists of pairs."""
    found = []
    if isinstance(node, Obj):
        for k, v in node:
            if k == 'tls.record':
                found.append(v)
            elif isinstance(v, (Obj, list)):
                found.extend(records_of(v))
    elif isinstance(node, list):
        for v in node:
            found.extend(records_of(v))
    return found


def field(rec, name):
    for k, v in rec:
        if k == name:
            return v
    return None


def write_decrypted(capture, opts):
    """Per decrypted TLS 1.3 record: frame, index of the record in the frame, inner type, plaintext."""
    cap = os.path.join(CAPS, capture)
    js = json.loads(tshark(['-r', cap] + opts + ['-T', 'json']), object_pairs_hook=pairs_hook)
    inner = {}
    for pkt in js:
        layers = field(field(pkt, '_source'), 'layers')
        fr = int(field(field(layers, 'frame'), 'frame.number'))
        tls = [v for k, v in layers if k == 'tls']
        recs = []
        for t in tls:
            recs.extend(records_of(t))
        inner[fr] = [(i, field(r, 'tls.record.content_type')) for i, r in enumerate(recs)
                     if field(r, 'tls.record.opaque_type') is not None]
    blocks = {}
    dump = tshark(['-r', cap] + opts + ['-x'])
    # one chunk per packet, separated by blank lines; titled blocks ("Frame (...)", "Decrypted TLS (...)")
    # only appear when a packet has several data sources
    for fr, chunk in enumerate([c for c in dump.split('\n\n') if c.strip()], start=1):
        blocks[fr] = []
        cur = None
        for line in chunk.splitlines():
            if line.startswith('Decrypted TLS ('):
                cur = []
                blocks[fr].append(cur)
            elif len(line) > 6 and line[4:6] == '  ' and all(ch in '0123456789abcdef' for ch in line[:4]):
                if cur is not None:
                    cur.append(''.join(line[6:54].split()))
            else:
                cur = None  # "Frame (...)", "Reassembled TCP (...)", ...
    path = os.path.join(HERE, capture + '.decrypted.tsv')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('# Decrypted TLS 1.3 records of %s (tshark with its key log), for the RecordDecryptor seam.\n' % capture)
        f.write('# frame\trecord index in frame\tinner content type\tplaintext\n')
        for frame in sorted(inner):
            recs = inner[frame]
            data = blocks.get(frame, [])
            if len(recs) != len(data):
                raise SystemExit('%s frame %d: %d opaque records, %d decrypted blocks' % (capture, frame, len(recs), len(data)))
            for (idx, ct), d in zip(recs, data):
                f.write('%d\t%d\t%s\t%s\n' % (frame, idx, ct, ''.join(d)))


if __name__ == '__main__':
    for c, o in CAPTURES.items():
        write_segments(c, o)
    for c, o in DECRYPTED.items():
        write_decrypted(c, o)
    import synthetic
    synthetic.main(HERE)
