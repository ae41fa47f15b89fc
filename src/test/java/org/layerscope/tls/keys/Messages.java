package org.layerscope.tls.keys;

import java.io.ByteArrayOutputStream;

/** Builds handshake messages (4-byte header included) for tests. */
final class Messages {
    private Messages() {
    }

    static byte[] message(int type, byte[] body) {
        byte[] m = new byte[4 + body.length];
        m[0] = (byte) type;
        m[1] = (byte) (body.length >> 16);
        m[2] = (byte) (body.length >> 8);
        m[3] = (byte) body.length;
        System.arraycopy(body, 0, m, 4, body.length);
        return m;
    }

    static byte[] extension(int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** A ClientHello offering {@code versions} in supported_versions (none: no extension), maybe 0-RTT. */
    static byte[] clientHello(byte[] random, boolean earlyData, int... versions) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, 0x0303);
        b.writeBytes(random);
        b.write(0); // session id
        u16(b, 4);
        u16(b, 0x1301);
        u16(b, 0xc02f);
        b.write(1);
        b.write(0);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        ext.writeBytes(extension(0x0000, new byte[] {0, 6, 0, 0, 3, 'a', '.', 'b'})); // server_name
        if (versions.length > 0) {
            ByteArrayOutputStream list = new ByteArrayOutputStream();
            list.write(2 * versions.length);
            for (int v : versions) {
                u16(list, v);
            }
            ext.writeBytes(extension(0x002b, list.toByteArray()));
        }
        if (earlyData) {
            ext.writeBytes(extension(0x002a, new byte[0]));
        }
        u16(b, ext.size());
        b.writeBytes(ext.toByteArray());
        return message(1, b.toByteArray());
    }

    /** A TLS 1.2-style ServerHello; with {@code selected} != 0 a supported_versions extension selecting it. */
    static byte[] serverHello(byte[] random, int suite, int selected, boolean encryptThenMac) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, 0x0303);
        b.writeBytes(random);
        b.write(32);
        b.writeBytes(new byte[32]); // session id echo
        u16(b, suite);
        b.write(0);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        ext.writeBytes(extension(0xff01, new byte[] {0})); // renegotiation_info
        if (selected != 0) {
            ext.writeBytes(extension(0x002b, new byte[] {(byte) (selected >> 8), (byte) selected}));
        }
        if (encryptThenMac) {
            ext.writeBytes(extension(0x0016, new byte[0]));
        }
        u16(b, ext.size());
        b.writeBytes(ext.toByteArray());
        return message(2, b.toByteArray());
    }

    /** A ServerHello with a legacy version (TLS 1.0, SSL 3.0, ...) and no extensions at all. */
    static byte[] legacyServerHello(byte[] random, int version, int suite) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, version);
        b.writeBytes(random);
        b.write(0);
        u16(b, suite);
        b.write(0);
        return message(2, b.toByteArray());
    }

    static byte[] encryptedExtensions(boolean earlyData) {
        byte[] ext = earlyData ? extension(0x002a, new byte[0]) : extension(0x0000, new byte[0]);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, ext.length);
        b.writeBytes(ext);
        return message(8, b.toByteArray());
    }

    static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }
}
