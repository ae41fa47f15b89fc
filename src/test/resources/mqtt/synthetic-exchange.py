# Sends hand-built MQTT packets (level from argv[1]: 4 or 5) between two sockets on 127.0.0.1:1883.
# Used by make-synthetic.sh; the packets are ones mosquitto never sends (refused CONNACK, SUBACK failure, AUTH).
import socket, threading, time, sys
def vbi(n):
    out=b''
    while True:
        d=n%128; n//=128
        out+=bytes([d|(0x80 if n else 0)])
        if not n: return out
def pkt(b0, body): return bytes([b0])+vbi(len(body))+body
def s(x): x=x.encode(); return len(x).to_bytes(2,'big')+x
level=int(sys.argv[1])
props=(lambda p: vbi(len(p))+p) if level==5 else (lambda p: b'')
c2s=[pkt(0x10, s('MQTT')+bytes([level,2,0,60])+props(b'')+s('a')),
     pkt(0x82, (1).to_bytes(2,'big')+props(b'')+s('a')+b'\x01'+s('a/b')+b'\x02'),
     pkt(0xa2, (2).to_bytes(2,'big')+props(b'')+s('a')+s('z/z')),
     pkt(0x30, s('t')+props(b'')+bytes([0,1,2,0xff])),
     pkt(0xf0, b'\x18'+props(b'\x15'+s('SCRAM-SHA-1'))),
     pkt(0x62, (7).to_bytes(2,'big')),
     pkt(0xe0, b'')]
if level==5:
    s2c=[pkt(0x20, b'\x00\x87'+props(b'')), pkt(0x90, (1).to_bytes(2,'big')+props(b'')+b'\x01\x80'), pkt(0xb0,(2).to_bytes(2,'big')+props(b'')+b'\x00\x11'), pkt(0xf0,b'')]
else:
    s2c=[pkt(0x20, b'\x00\x05'), pkt(0x90, (1).to_bytes(2,'big')+b'\x01\x80'), pkt(0xb0,(2).to_bytes(2,'big'))]
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); srv.bind(('127.0.0.1', 1883)); srv.listen(1)
cl = socket.create_connection(('127.0.0.1', 1883)); conn,_=srv.accept()
for i in range(max(len(c2s),len(s2c))):
    if i < len(c2s): cl.sendall(c2s[i]); time.sleep(0.05)
    if i < len(s2c): conn.sendall(s2c[i]); time.sleep(0.05)
time.sleep(0.2); cl.close(); conn.close(); srv.close()
