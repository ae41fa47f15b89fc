"""Synthetic TLS connections for cases no Wireshark test capture has (plaintext alerts, client
certificates, HelloRetryRequest, heartbeat, a capture that starts mid-connection), turned into a
pcapng with text2pcap and dissected by tshark 4.0.17 for the expected columns, exactly like the real
captures. The certificates are the real ones of tls12-chacha20poly1305.pcap. Called by make-fixtures.py.
"""
import os
import subprocess
import tempfile

CAPS = None

TRUTH = ['tls.record.content_type', 'tls.handshake.type', 'tls.alert_message.desc',
         'tls.record.opaque_type', 'tls.record.version', 'tls.record.length', '_ws.col.Info']


def rec(t, body, v=0x0303):
    return bytes([t, v >> 8, v & 255, len(body) >> 8, len(body) & 255]) + body


def hs(t, body):
    return bytes([t]) + len(body).to_bytes(3, 'big') + body


def ext(t, body):
    return t.to_bytes(2, 'big') + len(body).to_bytes(2, 'big') + body


def v16(b):
    return len(b).to_bytes(2, 'big') + b


def v8(b):
    return bytes([len(b)]) + b


def v24(b):
    return len(b).to_bytes(3, 'big') + b


def u16s(*vals):
    return b''.join(v.to_bytes(2, 'big') for v in vals)


def sni(name):
    n = name.encode()
    return ext(0, v16(b'\x00' + v16(n)))


def alpn(*protos):
    return ext(16, v16(b''.join(v8(p.encode()) for p in protos)))


def client_hello(exts, suites, random=bytes(range(32)), sid=b'', ver=0x0303):
    body = ver.to_bytes(2, 'big') + random + v8(sid) + v16(u16s(*suites)) + b'\x01\x00' + v16(exts)
    return hs(1, body)


def server_hello(suite, exts, random=bytes(range(100, 132)), sid=b'', ver=0x0303):
    return hs(2, ver.to_bytes(2, 'big') + random + v8(sid) + suite.to_bytes(2, 'big') + b'\x00' + v16(exts))


HRR_RANDOM = bytes.fromhex('CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C')
GROUPS = ext(10, v16(u16s(0x001d, 0x0017, 0x0018)))
SIGALGS = ext(13, v16(u16s(0x0403, 0x0804, 0x0401, 0x0503, 0x0201)))
POINTS = ext(11, b'\x01\x00')


def certs_from_capture():
    out = subprocess.run(['tshark', '-n', '-r', os.path.join(CAPS, 'tls12-chacha20poly1305.pcap'), '-T', 'fields',
                          '-e', 'tls.handshake.certificate', '-Y', 'tls.handshake.certificate'],
                         capture_output=True, text=True, check=True).stdout
    certs = []
    for line in out.splitlines():
        for c in line.split(','):
            b = bytes.fromhex(c.replace(':', ''))
            if b not in certs:
                certs.append(b)
    return certs


def scenarios():
    certs = certs_from_capture()
    ecdsa, rsa = certs[0], certs[1]
    sc = []
    # 1. TLS 1.2 with SNI + ALPN, mutual authentication, the server rejects the client certificate
    ch = client_hello(sni('broker.example.com') + alpn('mqtt', 'x-amzn-mqtt-ca') + GROUPS + SIGALGS + POINTS
                      + ext(23, b''), [0xc02f, 0xc030, 0x009c, 0x00ff])
    ske = hs(12, b'\x03' + u16s(0x001d) + v8(bytes(range(32))) + u16s(0x0401) + v16(bytes(range(64))))
    cr = hs(13, v8(bytes([1, 64])) + v16(u16s(0x0401, 0x0403)) + v16(v16(bytes.fromhex(
        '3015311330110603550403130a63612e6578616d706c65'))))
    sc.append([('C', rec(22, ch, 0x0301)),
               ('S', rec(22, server_hello(0xc02f, alpn('mqtt') + ext(23, b'') + ext(0xff01, b'\x00')))
                + rec(22, hs(11, v24(v24(rsa)))) + rec(22, ske) + rec(22, cr) + rec(22, hs(14, b''))),
               ('C', rec(22, hs(11, v24(v24(ecdsa)))) + rec(22, hs(16, v8(bytes(range(32)))))
                + rec(22, hs(15, u16s(0x0403) + v16(bytes(range(70))))) + rec(20, b'\x01') + rec(22, bytes(range(40)))),
               ('S', rec(21, b'\x02\x30'))])
    # 2. TLS 1.2: certificate requested, the client sends an empty Certificate, fatal handshake_failure
    sc.append([('C', rec(22, client_hello(sni('mqtt.local') + GROUPS + SIGALGS, [0x002f, 0x0035]), 0x0301)),
               ('S', rec(22, server_hello(0x002f, b'')) + rec(22, hs(11, v24(v24(rsa))))
                + rec(22, hs(13, v8(b'\x01') + v16(u16s(0x0401)) + v16(b''))) + rec(22, hs(14, b''))),
               ('C', rec(22, hs(11, v24(b''))) + rec(22, hs(16, v16(bytes(range(128))))) + rec(20, b'\x01')
                + rec(22, bytes(range(48)))),
               ('S', rec(21, b'\x02\x28'))])
    # 3. TLS 1.3 with a HelloRetryRequest (secp256r1 asked), compatibility CCS before the 2nd ClientHello
    ks = lambda g, n: ext(51, v16(u16s(g) + v16(bytes(n))))
    sv = ext(43, v8(u16s(0x0304, 0x0303)))
    ch1 = client_hello(sni('hrr.example') + GROUPS + SIGALGS + sv + ks(0x001d, 32), [0x1301, 0x1302, 0xc02f],
                       sid=bytes(range(32)))
    ch2 = client_hello(sni('hrr.example') + GROUPS + SIGALGS + sv + ks(0x0017, 65), [0x1301, 0x1302, 0xc02f],
                       sid=bytes(range(32)))
    hrr = server_hello(0x1301, ext(43, u16s(0x0304)) + ext(51, u16s(0x0017)), random=HRR_RANDOM, sid=bytes(range(32)))
    sh = server_hello(0x1302, ext(43, u16s(0x0304)) + ext(51, u16s(0x0017) + v16(bytes(65))), sid=bytes(range(32)))
    sc.append([('C', rec(22, ch1, 0x0301)), ('S', rec(22, hrr)),
               ('C', rec(20, b'\x01') + rec(22, ch2)),
               ('S', rec(22, sh) + rec(20, b'\x01') + rec(23, bytes(range(100))) + rec(23, bytes(range(60)))),
               ('C', rec(23, bytes(range(53)))), ('S', rec(23, bytes(range(19))))])
    # 4. TLS 1.3 only client, old server: plaintext fatal protocol_version
    sc.append([('C', rec(22, client_hello(sni('new.example') + ext(43, v8(u16s(0x0304))) + ks(0x001d, 32)
                                          + GROUPS + SIGALGS, [0x1301, 0x1303]), 0x0301)),
               ('S', rec(21, b'\x02\x46', 0x0301))])
    # 5. TLS 1.2 heartbeat request (with an overlong payload length) and response, then close_notify
    sc.append([('C', rec(22, client_hello(ext(15, b'\x01'), [0xc02b]), 0x0301)),
               ('S', rec(22, server_hello(0xc02b, ext(15, b'\x01')))),
               ('C', rec(24, b'\x01\x40\x00' + b'hello' + bytes(16))),
               ('S', rec(24, b'\x02\x00\x05' + b'hello' + bytes(16))),
               ('C', rec(21, b'\x01\x00'))])
    # 6. Capture that starts after the handshake: application data, a renegotiation, an encrypted alert
    sc.append([('C', rec(23, bytes(range(7, 57)))), ('S', rec(23, bytes(range(9, 109)))),
               ('C', rec(22, bytes(range(200, 240)))), ('S', rec(21, bytes(range(26))))])
    # 7. Every alert description, one plaintext fatal alert per TCP segment
    sc.append([('C', rec(22, client_hello(b'', [0x002f]), 0x0301))]
              + [('S', rec(21, bytes([2, d]))) for d in range(256)])
    return sc


def main(here):
    global CAPS
    CAPS = os.path.join(os.path.dirname(os.path.dirname(here)), 'captures') if CAPS is None else CAPS
    if not os.path.isdir(CAPS):
        CAPS = '/work/shared/wireshark-captures/captures'
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        all_pk = []
        for i, pk in enumerate(scenarios()):
            txt = os.path.join(tmp, 's%d.txt' % i)
            with open(txt, 'w') as f:
                for d, b in pk:
                    f.write(('I' if d == 'C' else 'O') + '\n')
                    for j in range(0, len(b), 16):
                        f.write('%06x %s\n' % (j, ' '.join('%02x' % x for x in b[j:j + 16])))
            out = os.path.join(tmp, 's%d.pcapng' % i)
            subprocess.run(['text2pcap', '-q', '-D', '-T', '%d,443' % (50000 + i), '-4', '10.0.0.1,10.0.0.2', txt, out],
                           check=True, stderr=subprocess.DEVNULL)
            files.append(out)
            all_pk.extend((i, d, b) for d, b in pk)
        cap = os.path.join(tmp, 'synthetic.pcapng')
        subprocess.run(['mergecap', '-a', '-w', cap] + files, check=True)
        args = ['tshark', '-n', '-2', '-r', cap, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,',
                '-e', 'frame.number'] + sum([['-e', c] for c in TRUTH], [])
        rows = subprocess.run(args, capture_output=True, text=True, check=True).stdout.splitlines()
    with open(os.path.join(here, 'synthetic.segments.tsv'), 'w', encoding='utf-8') as f:
        f.write('# Synthetic connections built by synthetic.py (text2pcap), expected columns from tshark 4.0.17 -2.\n')
        f.write('# frame\tstream\tdir\tpayload\t' + '\t'.join(TRUTH) + '\n')
        for (stream, d, b), row in zip(all_pk, rows):
            cols = row.split('\t')
            f.write('\t'.join([cols[0], str(stream), d, b.hex()] + cols[1:]) + '\n')
