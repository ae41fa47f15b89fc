package org.layerscope.dissect.tls;

import java.util.List;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * The SSL 2.0-format ClientHello that old clients send first (RFC 6101 E.1, RFC 5246 E.2): a 2-byte record
 * header with the high bit set, message type 1, a version, three lengths, cipher specs, session id and
 * challenge. The one rule that recognises it ({@link #length}) serves the framer, the analysis and the
 * decoder.
 */
public final class Ssl2ClientHello {
    /** {@link #length}: more bytes are needed to tell. */
    public static final int NEED_MORE = -1;
    /** {@link #length}: the bytes do not start an SSL 2.0 ClientHello. */
    public static final int NOT_SSL2 = 0;

    private static final List<Integer> CLIENT_HELLO_TYPES = List.of(HandshakeType.CLIENT_HELLO);

    private Ssl2ClientHello() {
    }

    /**
     * Whole length (2-byte header included) of the SSL 2.0 ClientHello starting at {@code off}: high bit of
     * the first byte set, message type 1, version 0x0002 or 0x0300..0x0303, a record length from 28 (message
     * type, version, three lengths, one cipher spec, a 16-byte challenge) to 2^14. {@link #NEED_MORE} when
     * fewer bytes than needed to tell are given, {@link #NOT_SSL2} when they do not start one.
     */
    public static int length(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 1 || off >= b.length) {
            return NOT_SSL2;
        }
        len = Math.min(len, b.length - off);
        if ((b[off] & 0x80) == 0) {
            return NOT_SSL2;
        }
        if (len >= 3 && b[off + 2] != 1) {
            return NOT_SSL2;
        }
        if (len >= 4 && b[off + 3] != 0 && b[off + 3] != 3) {
            return NOT_SSL2;
        }
        if (len < 5) {
            return NEED_MORE;
        }
        int major = b[off + 3] & 0xff;
        int minor = b[off + 4] & 0xff;
        boolean versionOk = (major == 0 && minor == 2) || (major == 3 && minor <= 3);
        int length = ((b[off] & 0x7f) << 8) | (b[off + 1] & 0xff);
        if (!versionOk || length < 9 + 3 + 16 || length > (1 << 14)) {
            return NOT_SSL2;
        }
        return 2 + length;
    }

    /**
     * Decodes an SSL 2.0 record ({@code avail} bytes from {@code off}) into a {@code tls} subtree: the
     * ClientHello's fields, or an expert item when the record is not one ({@link #length} says no).
     */
    static TlsRecord decode(SessionState s, RecordDecryptor decryptor, Direction dir, byte[] buf, int off, int avail, Field parent, List<ExpertItem> expert) {
        boolean on = parent.enabled();
        if (avail < 2) {
            expert.add(new ExpertItem(Severity.ERROR, "tls.record.truncated", "SSLv2 record header truncated", off, avail));
            return new TlsRecord(-1, false, false, 0x0002, -1, List.of(), -1, -1, "Truncated Record", null);
        }
        int length = ((buf[off] & 0x7f) << 8) | (buf[off + 1] & 0xff);
        int p = off + 2;
        int end = off + Math.min(avail, 2 + length);
        if (2 + length > avail) {
            expert.add(new ExpertItem(Severity.ERROR, "tls.record.truncated", "SSLv2 record truncated: length "
                    + length + ", " + (avail - 2) + " bytes present", off, 2));
        }
        Ctx c = new Ctx(buf, 0, 0, on, dir, expert, s);
        Field tls = on ? parent.add("tls", off, avail, null, "Transport Layer Security") : Field.NONE;
        int msgType = p < end ? c.u8(p) : -1;
        if (msgType != 1 || length(buf, off, avail) == NOT_SSL2) {
            expert.add(new ExpertItem(Severity.WARN, "tls.record.unknown_type", msgType != 1
                    ? "SSLv2 record that is not a ClientHello (message type " + msgType + ")"
                    : "SSLv2 ClientHello with an unknown version or an implausible length", off, avail));
            if (on) {
                tls.add("tls.record", off, avail, null, "SSLv2 Record Layer: Unknown message");
            }
            return new TlsRecord(TlsRecord.HANDSHAKE, false, false, 0x0002, length, List.of(), -1, -1,
                    "Ignored Unknown Record", null);
        }
        Field rec = on ? tls.add("tls.record", off, avail, null, "SSLv2 Record Layer: Client Hello") : Field.NONE;
        if (on) {
            rec.add("tls.record.version", -1, 0, 2, "[Version: SSL 2.0 (0x0002)]");
            rec.add("tls.record.length", off, 2, length, "Length: " + length);
            rec.add("tls.handshake.type", p, 1, 1, "Handshake Message Type: Client Hello (1)");
        }
        s.clientHelloSeen = true;
        s.handshakeMessages++;
        s.offeredVersions.clear();
        s.alpnOffered.clear();
        p++;
        try {
            c.need(p, 8, end, "SSLv2 Client Hello");
            int ver = c.u16(p);
            int specLen = c.u16(p + 2);
            int sidLen = c.u16(p + 4);
            int chLen = c.u16(p + 6);
            s.clientLegacyVersion = ver;
            s.offeredVersions.add(ver);
            if (on) {
                rec.add("tls.handshake.version", p, 2, ver, "Version: " + TlsNames.version(ver) + " (" + Hex.u16(ver) + ")");
                rec.add("tls.handshake.cipher_spec_len", p + 2, 2, specLen, "Cipher Spec Length: " + specLen);
                rec.add("tls.handshake.session_id_length", p + 4, 2, sidLen, "Session ID Length: " + sidLen);
                rec.add("tls.handshake.challenge_length", p + 6, 2, chLen, "Challenge Length: " + chLen);
            }
            p += 8;
            if (specLen % 3 != 0) {
                c.expert(Severity.WARN, "tls.malformed", "SSLv2 cipher spec length not a multiple of 3", p - 6, 2);
            }
            c.need(p, specLen, end, "SSLv2 cipher specs");
            if (on) {
                Field specs = rec.add("tls.handshake.cipherspecs", p, specLen, null,
                        "Cipher Specs (" + specLen / 3 + " specs)");
                for (int i = 0; i + 2 < specLen; i += 3) {
                    int spec = c.u24(p + i);
                    specs.add("tls.handshake.cipherspec", p + i, 3, spec, "Cipher Spec: "
                            + TlsNames.ssl2CipherSpec(spec) + " (0x" + String.format("%06x", spec) + ")");
                }
            }
            p += specLen;
            c.need(p, sidLen + chLen, end, "SSLv2 session id and challenge");
            if (on && sidLen > 0) {
                TlsHandshake.bytesField(c, rec, "tls.handshake.session_id", "Session ID", p, sidLen);
            }
            if (on && chLen > 0) {
                TlsHandshake.bytesField(c, rec, "tls.handshake.challenge", "Challenge", p + sidLen, chLen);
            }
        } catch (Ctx.Malformed m) {
            c.malformed(m);
        }
        if (decryptor != null) {
            try {
                decryptor.onHandshakeMessage(dir, 1, buf, off, Math.min(avail, 2 + length));
            } catch (RuntimeException e) {
                // ignored
            }
        }
        return new TlsRecord(TlsRecord.HANDSHAKE, false, false, 0x0002, length, CLIENT_HELLO_TYPES, -1, -1,
                "Client Hello", null);
    }
}
