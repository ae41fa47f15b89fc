package org.layerscope.dissect.tls;

import java.util.ArrayList;
import java.util.List;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * Decodes the TLS records of one TCP connection, in stream order per direction. Holds the session's
 * state: negotiated version and cipher suite, which directions are encrypted, handshake messages
 * split across records.
 *
 * <p>Encryption is judged the way tshark judges it without keys. TLS 1.2 and before: after a
 * ChangeCipherSpec in a direction, that direction's records are encrypted ("Encrypted Handshake
 * Message", "Encrypted Alert"; a 2-byte alert stays readable since no cipher makes an alert that
 * short). TLS 1.3 (recognised only from the ServerHello: supported_versions, or the version field
 * of a pre-draft-22 ServerHello): after the ServerHello, every record of outer type 23 in either
 * direction is opaque; a client that offered early_data sends opaque 0-RTT records before it. A
 * {@link RecordDecryptor} given to the constructor gets every encrypted record first.
 *
 * <p>Handshake messages are reassembled per direction, up to {@link #MAX_HANDSHAKE_MESSAGE} bytes.
 * Not thread safe: one decoder per connection, called by one thread.
 */
public final class TlsDecoder {
    /** Largest handshake message reassembled across records (header included). */
    public static final int MAX_HANDSHAKE_MESSAGE = 256 * 1024;
    /** RFC 5246 6.2.3: a TLSCiphertext fragment is at most 2^14 + 2048 bytes. */
    static final int MAX_RECORD_BODY = (1 << 14) + 2048;

    private static final String APPLICATION_DATA = "Application Data";
    static final String ENCRYPTED_HANDSHAKE = "Encrypted Handshake Message";
    private static final String ENCRYPTED_ALERT = "Encrypted Alert";
    private static final String CHANGE_CIPHER_SPEC = "Change Cipher Spec";

    private final SessionState s = new SessionState();
    private RecordDecryptor decryptor;

    private final HandshakeReassembler handshakes = new HandshakeReassembler(s, this);

    public TlsDecoder() {
    }

    public TlsDecoder(RecordDecryptor decryptor) {
        this.decryptor = decryptor;
    }

    public RecordDecryptor decryptor() {
        return decryptor;
    }

    /** True once a ServerHello selected TLS 1.3 (through supported_versions). */
    public boolean isTls13() {
        return s.tls13;
    }

    /** Whether records of {@code dir} are encrypted by now (after CCS, or after a TLS 1.3 ServerHello). */
    public boolean isEncrypted(Direction dir) {
        return s.tls13 || s.encrypted[dir.index()];
    }

    /** A snapshot of what the connection negotiated so far. */
    public TlsSessionInfo sessionInfo() {
        return s.snapshot();
    }

    /**
     * Where the next record's decrypted bytes will be, as a field offset ({@code Field.DECRYPTED + n}), or -1:
     * fields read from decrypted bytes then point there (else they have offset -1).
     */
    public void decryptedBase(int base) {
        decryptedBase = base;
    }

    /** The plaintext of the last record decoded when it was decrypted (any content type), else null. */
    public byte[] lastDecrypted() {
        return lastDecrypted;
    }

    private int decryptedBase = -1;
    private byte[] lastDecrypted;

    /**
     * Decodes one whole record ({@code len} bytes from {@code off}, header included; its length was
     * given by {@link TlsFramer#probe}). Adds a {@code tls} subtree to {@code parent} with offsets that
     * are indices into {@code buf}, and expert items for malformed content (their offsets are indices
     * into {@code buf} too, or -1). Never throws.
     */
    public TlsRecord decodeRecord(Direction dir, byte[] buf, int off, int len, Field parent,
                                  List<ExpertItem> expert) {
        lastDecrypted = null;
        Field tree = parent != null ? parent : Field.NONE;
        Direction d = dir != null ? dir : Direction.CLIENT_TO_SERVER;
        if (tree == Field.NONE && decryptor == null) {
            TlsRecord fast = encryptedApplicationData(d, buf, off, len);
            if (fast != null) {
                return fast;
            }
        }
        List<ExpertItem> ex = expert != null ? expert : new ArrayList<>(1);
        try {
            return decode(d, buf, off, len, tree, ex);
        } catch (RuntimeException e) {
            ex.add(ExpertItem.of(Severity.ERROR, "tls.malformed",
                    "Decoder exception: TLS record could not be decoded: " + e));
            int type = buf != null && off >= 0 && off < buf.length ? buf[off] & 0xff : -1;
            return new TlsRecord(type, false, false, -1, Math.max(0, len - 5), List.of(), -1, -1,
                    "Malformed Record", null);
        }
    }

    /**
     * The bulk of a capture: a well-formed encrypted application data record, no tree wanted, no
     * decryptor. Returns null when the record is anything else (the general path decodes it).
     */
    private TlsRecord encryptedApplicationData(Direction dir, byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 5 || len > buf.length - off || buf[off] != TlsRecord.APPLICATION_DATA) {
            return null;
        }
        int major = buf[off + 1] & 0xff;
        int length = ((buf[off + 3] & 0xff) << 8) | (buf[off + 4] & 0xff);
        if (length != len - 5 || length > MAX_RECORD_BODY || (major != 3 && major != 0x7f)) {
            return null;
        }
        int di = dir.index();
        boolean opaque = s.tls13 || dir == Direction.CLIENT_TO_SERVER && s.earlyDataOffered && !s.serverHelloSeen
                && s.offersTls13();
        if (!opaque && !s.encrypted[di]) {
            return null;
        }
        s.appData[di]++;
        return new TlsRecord(TlsRecord.APPLICATION_DATA, opaque, true, (major << 8) | (buf[off + 2] & 0xff), length,
                List.of(), -1, -1, APPLICATION_DATA, null);
    }

    private TlsRecord decode(Direction dir, byte[] buf, int off, int len, Field parent, List<ExpertItem> expert) {
        if (buf == null || off < 0 || len <= 0 || off >= buf.length) {
            expert.add(ExpertItem.of(Severity.ERROR, "tls.malformed", "Empty TLS record"));
            return new TlsRecord(-1, false, false, -1, 0, List.of(), -1, -1, "Malformed Record", null);
        }
        int avail = Math.min(len, buf.length - off);
        if (avail < len) {
            expert.add(new ExpertItem(Severity.ERROR, "tls.malformed", "Record extends beyond the buffer ("
                    + len + " bytes asked, " + avail + " present)", off, avail));
        }
        if ((buf[off] & 0x80) != 0) {
            return Ssl2ClientHello.decode(s, decryptor, dir, buf, off, avail, parent, expert);
        }
        boolean on = parent.enabled();
        int type = buf[off] & 0xff;
        if (avail < 5) {
            expert.add(new ExpertItem(Severity.ERROR, "tls.record.truncated",
                    "TLS record header truncated (" + avail + " of 5 bytes)", off, avail));
            if (on) {
                Field tls = parent.add("tls", off, avail, null, "Transport Layer Security");
                tls.add("tls.record", off, avail, null, "Truncated Record Header");
            }
            int v = avail >= 3 ? ((buf[off + 1] & 0xff) << 8) | (buf[off + 2] & 0xff) : -1;
            return new TlsRecord(type, false, false, v, -1, List.of(), -1, -1, "Truncated Record", null);
        }
        int version = ((buf[off + 1] & 0xff) << 8) | (buf[off + 2] & 0xff);
        int length = ((buf[off + 3] & 0xff) << 8) | (buf[off + 4] & 0xff);
        int body = off + 5;
        int bodyLen = Math.min(length, avail - 5);
        if (length > avail - 5) {
            expert.add(new ExpertItem(Severity.ERROR, "tls.record.truncated", "TLS record truncated: length "
                    + length + ", " + (avail - 5) + " bytes present", off + 3, 2));
        } else if (avail - 5 > length) {
            expert.add(new ExpertItem(Severity.WARN, "tls.malformed", (avail - 5 - length)
                    + " bytes after the record's declared length ignored", body + length, avail - 5 - length));
        }
        if (length > MAX_RECORD_BODY) {
            expert.add(new ExpertItem(Severity.WARN, "tls.record.too_long", "Record length " + length
                    + " exceeds 2^14 + 2048", off + 3, 2));
        }
        int major = version >> 8;
        if (major != 3 && major != 0x7f) {
            expert.add(new ExpertItem(Severity.WARN, "tls.record.version", "Unexpected record version 0x"
                    + TlsNames.hex4(version), off + 1, 2));
        }
        int di = dir.index();
        boolean earlyData = type == TlsRecord.APPLICATION_DATA && dir == Direction.CLIENT_TO_SERVER
                && s.earlyDataOffered && !s.serverHelloSeen && s.offersTls13();
        boolean opaque = type == TlsRecord.APPLICATION_DATA && (s.tls13 || earlyData);
        boolean encState = !s.tls13 && s.encrypted[di];

        Field content = on ? new Field("", null, "", -1, 0) : Field.NONE;
        RecordOut out = new RecordOut();

        RecordDecryptor.Plaintext pt = null;
        if ((opaque || encState) && decryptor != null) {
            try {
                pt = decryptor.decrypt(dir, type, version, buf, off, 5 + bodyLen);
            } catch (RuntimeException e) {
                expert.add(new ExpertItem(Severity.WARN, "tls.decrypt", "Decryptor failed: " + e, off, avail));
            }
        }
        if (pt != null && pt.data() != null) {
            byte[] data = pt.data();
            lastDecrypted = data;
            // decrypted bytes are not in the caller's buffer: they point into the frame's decrypted data, if known
            Ctx c = decryptedBase >= 0 ? new Ctx(data, decryptedBase, 0, on, dir, expert, s)
                    : new Ctx(data, 0, Integer.MAX_VALUE, on, dir, expert, s);
            out.contentType = pt.contentType();
            clear(c, pt.contentType(), 0, data.length, content, out, true);
            if (pt.contentType() == TlsRecord.APPLICATION_DATA) {
                out.plaintext = data;
            }
            out.encrypted = true;
        } else if (opaque) {
            out.contentType = TlsRecord.APPLICATION_DATA;
            out.opaque = true;
            out.encrypted = true;
            out.info = APPLICATION_DATA;
            out.summary = "Application Data Protocol: Application Data";
            s.appData[di]++;
            if (on) {
                content.add("tls.app_data", body, bodyLen, Hex.of(buf, body, bodyLen, 36),
                        "Encrypted Application Data: " + Hex.of(buf, body, bodyLen, 36));
            }
        } else if (encState) {
            out.contentType = type;
            encrypted(dir, buf, body, bodyLen, type, content, out, expert);
        } else {
            Ctx c = new Ctx(buf, 0, 0, on, dir, expert, s);
            out.contentType = type;
            clear(c, type, body, body + bodyLen, content, out, false);
        }

        if (on) {
            String label = TlsNames.protocolLabel(s.version != -1 ? s.version : version);
            Field tls = parent.add("tls", off, avail, null, "Transport Layer Security");
            Field rec = new Field("tls.record", null, label + " Record Layer: " + out.summary, off, avail);
            tls.addChild(rec);
            if (out.opaque || pt != null && (s.tls13 || earlyData)) {
                rec.add("tls.record.opaque_type", off, 1, type, "Opaque Type: " + TlsNames.contentType(type)
                        + " (" + type + ")");
            } else {
                rec.add("tls.record.content_type", off, 1, type, "Content Type: " + TlsNames.contentType(type)
                        + " (" + type + ")");
            }
            rec.add("tls.record.version", off + 1, 2, version, "Version: " + TlsNames.version(version)
                    + " (" + Hex.u16(version) + ")");
            rec.add("tls.record.length", off + 3, 2, length, "Length: " + length);
            if (pt != null && (s.tls13 || earlyData)) {
                rec.add("tls.record.content_type", -1, 1, pt.contentType(), "Content Type: "
                        + TlsNames.contentType(pt.contentType()) + " (" + pt.contentType() + ")");
            }
            for (Field f : content.children()) {
                rec.addChild(f);
            }
        }
        return new TlsRecord(out.contentType, out.opaque, out.encrypted, version, length,
                out.types == null ? List.of() : out.types, out.alertLevel, out.alertDesc,
                out.info(), out.plaintext);
    }

    // ================================================================== encrypted records (TLS <= 1.2)

    private void encrypted(Direction dir, byte[] buf, int body, int bodyLen, int type, Field content, RecordOut out,
                           List<ExpertItem> expert) {
        int di = dir.index();
        boolean on = content.enabled();
        out.encrypted = true;
        switch (type) {
            case TlsRecord.HANDSHAKE -> {
                out.info = ENCRYPTED_HANDSHAKE;
                out.summary = "Handshake Protocol: " + ENCRYPTED_HANDSHAKE;
                if (s.expectFinished[di]) {
                    s.expectFinished[di] = false;
                    s.finished[di] = true;
                    s.finishedCount++;
                }
                if (on) {
                    content.add("tls.handshake", body, bodyLen, null, "Handshake Protocol: " + ENCRYPTED_HANDSHAKE);
                }
            }
            case TlsRecord.ALERT -> {
                if (bodyLen == 2) {
                    // no cipher produces a 2-byte alert: it is in the clear (tshark reads it too)
                    out.encrypted = false;
                    alert(new Ctx(buf, 0, 0, on, dir, expert, s), body, body + bodyLen, content, out);
                } else {
                    encryptedAlert(dir, body, bodyLen, content, out);
                }
            }
            case TlsRecord.APPLICATION_DATA -> {
                out.info = APPLICATION_DATA;
                out.summary = "Application Data Protocol: Application Data";
                s.appData[di]++;
                if (on) {
                    content.add("tls.app_data", body, bodyLen, Hex.of(buf, body, bodyLen, 36),
                            "Encrypted Application Data: " + Hex.of(buf, body, bodyLen, 36));
                }
            }
            case TlsRecord.CHANGE_CIPHER_SPEC -> {
                // renegotiation: the new ChangeCipherSpec travels under the old keys
                out.info = CHANGE_CIPHER_SPEC;
                out.summary = "Change Cipher Spec Protocol: Change Cipher Spec";
                s.expectFinished[di] = true;
                notifyCcs(dir);
                if (on) {
                    content.add("tls.change_cipher_spec", body, bodyLen, null, "Change Cipher Spec Message");
                }
            }
            case TlsRecord.HEARTBEAT -> {
                out.info = "Encrypted Heartbeat";
                out.summary = "Heartbeat Protocol: Encrypted Heartbeat";
                if (on) {
                    content.add("tls.heartbeat_message", body, bodyLen, null, "Encrypted Heartbeat Message");
                }
            }
            default -> unknownType(type, body, bodyLen, content, out, expert);
        }
    }

    private void encryptedAlert(Direction dir, int body, int bodyLen, Field content, RecordOut out) {
        out.encrypted = true;
        out.info = ENCRYPTED_ALERT;
        out.summary = ENCRYPTED_ALERT;
        int di = dir.index();
        if (s.firstAlert[di] == null) {
            s.firstAlert[di] = new TlsSessionInfo.AlertInfo(-1, -1, true, null, null);
        }
        if (content.enabled()) {
            content.add("tls.alert_message", body, bodyLen, null, "Alert Message: Encrypted Alert");
        }
    }

    private void unknownType(int type, int body, int bodyLen, Field content, RecordOut out, List<ExpertItem> expert) {
        out.info = "Ignored Unknown Record";
        out.summary = "Ignored Unknown Record";
        expert.add(new ExpertItem(Severity.WARN, "tls.record.unknown_type", "Unknown record content type "
                + type, body - 5, 1));
        if (content.enabled() && bodyLen > 0) {
            content.add("tls.record.data", body, bodyLen, null, "Data (" + bodyLen + " bytes)");
        }
    }

    // ================================================================== clear (or decrypted) content

    private void clear(Ctx c, int type, int p, int end, Field content, RecordOut out, boolean decrypted) {
        Direction dir = c.dir;
        int di = dir.index();
        int len = end - p;
        if (len == 0 && type >= 20 && type <= 22) {
            c.expert(Severity.WARN, "tls.malformed", "Zero-length " + TlsNames.contentType(type)
                    + " record (forbidden by RFC 5246 6.2.1)", p, 0);
        }
        switch (type) {
            case TlsRecord.CHANGE_CIPHER_SPEC -> {
                out.info = CHANGE_CIPHER_SPEC;
                out.summary = "Change Cipher Spec Protocol: Change Cipher Spec";
                if (!decrypted && (len != 1 || c.u8(p) != 1)) {
                    c.expert(Severity.WARN, "tls.malformed", "ChangeCipherSpec must be the single byte 1", p, len);
                }
                if (c.on) {
                    c.add(content, "tls.change_cipher_spec", p, len, null, "Change Cipher Spec Message");
                }
                changeCipherSpec(c);
            }
            case TlsRecord.ALERT -> {
                if (len == 2) {
                    alert(c, p, end, content, out);
                } else {
                    if (!decrypted && s.helloSeen()) {
                        c.expert(Severity.WARN, "tls.malformed", "Alert record of " + len
                                + " bytes in the clear (an alert is 2 bytes)", p, len);
                    }
                    encryptedAlert(dir, c.o(p), len, content, out);
                    out.encrypted = decrypted;
                }
            }
            case TlsRecord.HANDSHAKE -> handshakes.handshake(c, p, end, content, out);
            case TlsRecord.APPLICATION_DATA -> {
                out.info = APPLICATION_DATA;
                out.summary = "Application Data Protocol: Application Data";
                s.appData[di]++;
                if (!decrypted && !s.helloSeen()) {
                    // capture started after the handshake: the stream is encrypted
                    s.encrypted[di] = true;
                    out.encrypted = true;
                } else if (!decrypted && s.serverHelloSeen) {
                    c.expert(Severity.WARN, "tls.unexpected", "Application data before ChangeCipherSpec", p, len);
                }
                if (c.on) {
                    String hex = c.hex(p, len, 36);
                    c.add(content, "tls.app_data", p, len, hex,
                            (decrypted ? "Application Data: " : "Encrypted Application Data: ") + hex);
                }
            }
            case TlsRecord.HEARTBEAT -> heartbeat(c, p, end, content, out);
            default -> unknownType(type, c.o(p), len, content, out, c.expert);
        }
    }

    private void changeCipherSpec(Ctx c) {
        Direction dir = c.dir;
        int di = dir.index();
        notifyCcs(dir);
        // TLS 1.3 middlebox-compatibility CCS (RFC 8446 D.4): no key change. Before TLS 1.2's
        // ServerHello no CCS can take effect either, so a CCS after a ClientHello and before the
        // ServerHello is the compatibility one.
        boolean compat = s.tls13 || (s.clientHelloSeen && !s.serverHelloSeen);
        if (compat) {
            return;
        }
        if (handshakes.pending(di)) {
            c.expert(Severity.WARN, "tls.handshake.incomplete", "ChangeCipherSpec while a handshake message was "
                    + "incomplete; its fragments are dropped", -1, 0);
            handshakes.drop(di);
        }
        s.encrypted[di] = true;
        s.expectFinished[di] = true;
    }

    private void notifyCcs(Direction dir) {
        if (decryptor != null) {
            try {
                decryptor.onChangeCipherSpec(dir);
            } catch (RuntimeException e) {
                // a broken decryptor must not break dissection
            }
        }
    }

    private void alert(Ctx c, int p, int end, Field content, RecordOut out) {
        int level = c.u8(p);
        int desc = c.u8(p + 1);
        String lt = TlsNames.alertLevelTitle(level);
        String dt = TlsNames.alertDescriptionTitle(desc);
        out.alertLevel = level;
        out.alertDesc = desc;
        out.info = "Alert (Level: " + lt + ", Description: " + dt + ")";
        out.summary = out.info;
        int di = c.dir.index();
        if (s.firstAlert[di] == null) {
            s.firstAlert[di] = new TlsSessionInfo.AlertInfo(level, desc, false, TlsNames.alertLevel(level),
                    TlsNames.alertDescription(desc));
        }
        if (level != 1 && level != 2) {
            c.expert(Severity.WARN, "tls.alert.unknown_level", "Unknown alert level " + level, p, 1);
        }
        if (TlsNames.alertDescription(desc) == null) {
            c.expert(Severity.WARN, "tls.alert.unknown_description", "Unknown alert description " + desc, p + 1, 1);
        }
        if (level == 2 || desc != 0 && desc != 90 && desc != 100) {
            c.expert(level == 2 ? Severity.ERROR : Severity.WARN, "tls.alert", "TLS alert: "
                    + TlsNames.alertLevelTitle(level) + " " + (TlsNames.alertDescription(desc) != null
                    ? TlsNames.alertDescription(desc) : Integer.toString(desc)), p, 2);
        }
        if (c.on) {
            Field a = c.add(content, "tls.alert_message", p, 2, null, "Alert Message");
            c.add(a, "tls.alert_message.level", p, 1, level, "Level: " + lt + " (" + level + ")");
            c.add(a, "tls.alert_message.desc", p + 1, 1, desc, "Description: " + dt + " (" + desc + ")");
        }
    }

    private void heartbeat(Ctx c, int p, int end, Field content, RecordOut out) {
        int len = end - p;
        int t = len >= 1 ? c.u8(p) : -1;
        if (t != 1 && t != 2) {
            out.info = "Encrypted Heartbeat";
            out.summary = "Heartbeat Protocol: Encrypted Heartbeat";
            out.encrypted = true;
            if (c.on) {
                c.add(content, "tls.heartbeat_message", p, len, null, "Encrypted Heartbeat Message");
            }
            return;
        }
        String name = t == 1 ? "Heartbeat Request" : "Heartbeat Response";
        out.info = name;
        out.summary = "Heartbeat Protocol: " + name;
        if (s.tls13) {
            c.expert(Severity.WARN, "tls.unexpected", "Heartbeat records are not allowed in TLS 1.3", p, len);
        }
        Field hb = c.on ? c.add(content, "tls.heartbeat_message", p, len, null, "Heartbeat Message") : Field.NONE;
        if (c.on) {
            c.add(hb, "tls.heartbeat_message.type", p, 1, t, "Type: " + (t == 1 ? "Request" : "Response") + " (" + t + ")");
        }
        if (len < 3) {
            c.expert(Severity.ERROR, "tls.malformed", "Heartbeat message truncated", p, len);
            return;
        }
        int pl = c.u16(p + 1);
        if (c.on) {
            c.add(hb, "tls.heartbeat_message.payload_length", p + 1, 2, pl, "Payload Length: " + pl);
        }
        if (3 + pl + 16 > len) {
            c.expert(Severity.ERROR, "tls.heartbeat.payload_length", "Heartbeat payload length " + pl
                    + " exceeds the message (" + len + " bytes; RFC 6520 needs 3 + payload + 16 padding)", p + 1, 2);
        }
        int plShown = Math.min(pl, len - 3);
        if (c.on) {
            TlsHandshake.bytesField(c, hb, "tls.heartbeat_message.payload", "Payload", p + 3, plShown);
            if (len - 3 - plShown > 0) {
                TlsHandshake.bytesField(c, hb, "tls.heartbeat_message.padding", "Padding", p + 3 + plShown,
                        len - 3 - plShown);
            }
        }
    }

}
