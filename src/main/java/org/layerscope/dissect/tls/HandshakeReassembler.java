package org.layerscope.dissect.tls;

import org.layerscope.model.Field;
import org.layerscope.model.Severity;

/**
 * Handshake records of one connection: split into messages, messages that span records reassembled per
 * direction (up to {@link TlsDecoder#MAX_HANDSHAKE_MESSAGE} bytes), each whole message decoded by
 * {@link TlsHandshake#body} and shown to the decryptor.
 */
final class HandshakeReassembler {
    private static final String ENCRYPTED_HANDSHAKE = TlsDecoder.ENCRYPTED_HANDSHAKE;
    private static final int MAX_HANDSHAKE_MESSAGE = TlsDecoder.MAX_HANDSHAKE_MESSAGE;

    private final SessionState s;
    private final TlsDecoder owner;
    private final byte[][] pend = new byte[2][];
    private final int[] pendLen = new int[2];
    private final long[] discard = new long[2];
    private final int[] discardType = new int[2];

    HandshakeReassembler(SessionState s, TlsDecoder owner) {
        this.s = s;
        this.owner = owner;
    }

    /** True when a message of this direction is incomplete (partly reassembled or being skipped). */
    boolean pending(int di) {
        return pendLen[di] > 0 || discard[di] > 0;
    }

    /** Drops the incomplete message of a direction. */
    void drop(int di) {
        pendLen[di] = 0;
        discard[di] = 0;
    }

    /**
     * Splits a handshake record into messages, reassembling the ones that span records. A record's
     * info lists the messages that complete in it; a record that starts a message without completing
     * any shows "[X Fragment]"; a record holding only a middle part of a message shows nothing (as
     * tshark does).
     */
    void handshake(Ctx c, int start, int end, Field content, RecordOut out) {
        int di = c.dir.index();
        int p = start;
        while (p < end) {
            boolean first = out.pieces == 0;
            if (discard[di] > 0) {
                int take = (int) Math.min(discard[di], end - p);
                discard[di] -= take;
                out.pieces++;
                String name = label(discardType[di]);
                if (c.on) {
                    c.add(content, "tls.handshake.fragment", p, take, null, "Handshake Protocol: " + name
                            + " (fragment, not reassembled)");
                }
                if (discard[di] == 0) {
                    // the oversized message ended here: counted, but not decoded
                    out.addType(discardType[di]);
                    out.addInfo(name);
                    noteLabel(out, name);
                    s.handshakeMessages++;
                }
                p += take;
                continue;
            }
            if (pendLen[di] > 0) {
                p = continueFragment(c, p, end, content, out);
                continue;
            }
            int rem = end - p;
            int type = c.u8(p);
            String name = TlsNames.handshakeType(type);
            if (name == null) {
                // not a handshake message type: encrypted (or garbage)
                int n = rem >= 4 ? (int) Math.min(rem, 4L + c.u24(p + 1)) : rem;
                if (first) {
                    encryptedPiece(c, p, n, content, out);
                } else {
                    out.pieces++;
                    c.expert(Severity.WARN, "tls.handshake.unknown_type", "Unknown handshake message type " + type
                            + " after " + out.firstLabel + "; rest of the record skipped", p, rem);
                    if (c.on) {
                        c.add(content, "tls.handshake", p, n, null, "Handshake Protocol: Unknown Handshake Message ("
                                + type + ")");
                    }
                }
                if (rem >= 4 && 4 + c.u24(p + 1) <= rem) {
                    p += 4 + c.u24(p + 1);
                    continue;
                }
                return;
            }
            if (rem >= 4) {
                int mlen = c.u24(p + 1);
                if (first && type == HandshakeType.HELLO_REQUEST && mlen == 0 && end - start >= 16) {
                    // a run of zero bytes: an encrypted message, not HelloRequests (tshark agrees)
                    encryptedPiece(c, p, rem, content, out);
                    return;
                }
                if (4 + mlen <= rem) {
                    message(c, type, p, p + 4 + mlen, content, out, p);
                    p += 4 + mlen;
                    continue;
                }
                if (mlen > 0xffff && !s.helloSeen()) {
                    // connection start unseen and an implausible length: encrypted
                    encryptedPiece(c, p, rem, content, out);
                    return;
                }
                if (4L + mlen > MAX_HANDSHAKE_MESSAGE) {
                    c.expert(Severity.ERROR, "tls.handshake.too_long", name + " of " + mlen
                            + " bytes exceeds the reassembly limit (" + MAX_HANDSHAKE_MESSAGE + "); not decoded", p, rem);
                    discard[di] = 4L + mlen - rem;
                    discardType[di] = type;
                    startPiece(c, type, p, rem, content, out, first);
                    return;
                }
            }
            // first fragment of a message that continues in the next record(s)
            append(di, c.b, p, rem, rem >= 4 ? 4 + c.u24(p + 1) : 4);
            startPiece(c, type, p, rem, content, out, first);
            return;
        }
    }

    private void startPiece(Ctx c, int type, int p, int n, Field content, RecordOut out, boolean first) {
        out.pieces++;
        String name = label(type);
        if (first) {
            out.addInfo("[" + name + " Fragment]");
        }
        noteLabel(out, name + " (fragment)");
        if (c.on) {
            c.add(content, "tls.handshake.fragment", p, n, null, "Handshake Protocol: " + name + " (fragment)");
        }
    }

    private void encryptedPiece(Ctx c, int p, int n, Field content, RecordOut out) {
        out.pieces++;
        out.addInfo(ENCRYPTED_HANDSHAKE);
        noteLabel(out, ENCRYPTED_HANDSHAKE);
        out.encrypted = true;
        if (c.on) {
            c.add(content, "tls.handshake", p, n, null, "Handshake Protocol: " + ENCRYPTED_HANDSHAKE);
        }
        int di = c.dir.index();
        if (s.expectFinished[di]) {
            s.expectFinished[di] = false;
            s.finished[di] = true;
            s.finishedCount++;
        }
    }

    /** Continues the pending message of this direction with bytes from {@code p}; returns the new index. */
    private int continueFragment(Ctx c, int p, int end, Field content, RecordOut out) {
        int di = c.dir.index();
        int pieceStart = p;
        int before = pendLen[di];
        if (before < 4) {
            int take = Math.min(4 - before, end - p);
            append(di, c.b, p, take, 4);
            p += take;
            if (pendLen[di] < 4) {
                midPiece(c, di, pieceStart, p - pieceStart, content, out, false);
                return p;
            }
        }
        byte[] m = pend[di];
        int total = 4 + (((m[1] & 0xff) << 16) | ((m[2] & 0xff) << 8) | (m[3] & 0xff));
        int type = m[0] & 0xff;
        if (total > MAX_HANDSHAKE_MESSAGE) {
            c.expert(Severity.ERROR, "tls.handshake.too_long", label(type) + " of " + (total - 4)
                    + " bytes exceeds the reassembly limit (" + MAX_HANDSHAKE_MESSAGE + "); not decoded", pieceStart,
                    p - pieceStart);
            discard[di] = (long) total - pendLen[di];
            discardType[di] = type;
            pendLen[di] = 0;
            midPiece(c, di, pieceStart, p - pieceStart, content, out, false);
            return p;
        }
        int take = Math.min(total - pendLen[di], end - p);
        append(di, c.b, p, take, total);
        p += take;
        if (pendLen[di] < total) {
            midPiece(c, di, pieceStart, p - pieceStart, content, out, false);
            return p;
        }
        // complete: the tail [before, total) of the message lies at pieceStart in the caller's bytes
        pendLen[di] = 0;
        midPiece(c, di, pieceStart, p - pieceStart, content, out, true);
        Ctx mc = new Ctx(m, c.o(pieceStart) < 0 ? 0 : c.o(pieceStart) - before,
                c.o(pieceStart) < 0 ? Integer.MAX_VALUE : before, c.on, c.dir, c.expert, s);
        message(mc, type, 0, total, content, out, -1);
        pend[di] = null;
        return p;
    }

    private void midPiece(Ctx c, int di, int p, int n, Field content, RecordOut out, boolean last) {
        out.pieces++;
        int type = pendLen[di] > 0 || last ? pend[di][0] & 0xff : discardType[di];
        if (!last) {
            noteLabel(out, label(type) + " (fragment)");
        }
        if (c.on) {
            c.add(content, "tls.handshake.fragment", p, n, null, "Handshake Protocol: " + label(type)
                    + (last ? " (last fragment)" : " (fragment)"));
        }
    }

    /** Appends to the pending message of a direction, growing the buffer up to {@code total}. */
    private void append(int di, byte[] src, int p, int n, int total) {
        byte[] m = pend[di];
        int need = pendLen[di] + n;
        if (m == null || m.length < need) {
            int cap = Math.max(need, Math.min(Math.max(total, 64), MAX_HANDSHAKE_MESSAGE));
            byte[] nm = new byte[cap];
            if (m != null) {
                System.arraycopy(m, 0, nm, 0, pendLen[di]);
            }
            m = nm;
            pend[di] = m;
        }
        System.arraycopy(src, p, m, pendLen[di], n);
        pendLen[di] = need;
    }

    /** Decodes one whole message {@code [p, end)} of {@code c.b} (header included). */
    private void message(Ctx c, int type, int p, int end, Field content, RecordOut out, int nodeOffset) {
        String name = label(type);
        if (type == HandshakeType.SERVER_HELLO && TlsHandshake.isHelloRetryRequest(c.b, p + 4, end)) {
            name = "Hello Retry Request";
        }
        out.pieces++;
        out.addType(type);
        out.addInfo(name);
        noteLabel(out, name);
        s.handshakeMessages++;
        int mlen = end - p - 4;
        Field h = Field.NONE;
        if (c.on) {
            h = c.add(content, "tls.handshake", p, end - p, null, "Handshake Protocol: " + name);
            c.add(h, "tls.handshake.type", p, 1, type, "Handshake Type: " + label(type) + " (" + type + ")");
            c.add(h, "tls.handshake.length", p + 1, 3, mlen, "Length: " + mlen);
        }
        int before = c.expert.size();
        try {
            TlsHandshake.body(c, type, h, p + 4, end);
        } catch (Ctx.Malformed m) {
            c.malformed(m);
        } catch (RuntimeException e) {
            c.expert(Severity.ERROR, "tls.malformed", "Decoder exception: " + name + " could not be decoded: " + e,
                    p, end - p);
        }
        if (c.expert.size() > before && c.on) {
            h.add("tls.malformed", -1, 0, null, "[Malformed " + name + "]");
        }
        if (type == HandshakeType.FINISHED) {
            int di = c.dir.index();
            s.finished[di] = true;
            s.finishedCount++;
            s.expectFinished[di] = false;
        }
        RecordDecryptor decryptor = owner.decryptor();
        if (decryptor != null) {
            try {
                decryptor.onHandshakeMessage(c.dir, type, c.b, p, end - p);
            } catch (RuntimeException e) {
                // a broken decryptor must not break dissection
            }
        }
        if (s.tls13 && type == HandshakeType.SERVER_HELLO) {
            // RFC 8446 5.1: the ServerHello ends at a record boundary; later bytes are protected
            pendLen[0] = 0;
            pendLen[1] = 0;
        }
    }

    private static void noteLabel(RecordOut out, String name) {
        if (out.firstLabel == null) {
            out.firstLabel = name;
            out.summary = "Handshake Protocol: " + name;
        } else {
            out.summary = "Handshake Protocol: Multiple Handshake Messages";
        }
    }

    static String label(int type) {
        String n = TlsNames.handshakeType(type);
        return n != null ? n : "Unknown Handshake Message (" + type + ")";
    }
}
