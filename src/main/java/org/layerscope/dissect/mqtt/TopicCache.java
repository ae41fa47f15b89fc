package org.layerscope.dissect.mqtt;

import java.util.Arrays;

/**
 * Topics already decoded, by their bytes: a memo of a pure function (the bytes of a PUBLISH topic that decode as
 * UTF-8 without a warning and hold no wildcard → their text), shared by every decoder, so that a connection that
 * receives many topics (a subscriber of {@code #}, a broker's side of many publishers) decodes each topic once, not
 * once per packet. Direct-mapped and bounded ({@value #SLOTS} topics of up to {@value #MAX_LENGTH} bytes): a topic
 * whose slot another one took is simply decoded again. Entries are immutable, so sharing them between threads
 * needs no lock (a thread may miss an entry another one just stored, never see half of one).
 */
final class TopicCache {
    static final int SLOTS = 1024;
    static final int MAX_LENGTH = 256;

    /** A topic's text and its UTF-8 bytes (never modified). */
    record Topic(String text, byte[] utf8) {
    }

    private static final Topic[] TABLE = new Topic[SLOTS];

    private TopicCache() {
    }

    /** The topic whose bytes are {@code b[at..at+len)}, or null when it is not in the cache. */
    static Topic find(byte[] b, int at, int len) {
        if (len > MAX_LENGTH) {
            return null;
        }
        Topic t = TABLE[slot(b, at, len)];
        return t != null && t.utf8.length == len && Arrays.equals(t.utf8, 0, len, b, at, at + len) ? t : null;
    }

    /** Stores a topic that decoded without a warning and has no wildcard. */
    static void put(Topic t) {
        if (t.utf8.length <= MAX_LENGTH) {
            TABLE[slot(t.utf8, 0, t.utf8.length)] = t;
        }
    }

    private static int slot(byte[] b, int at, int len) {
        int h = len;
        for (int i = at; i < at + len; i++) {
            h = 31 * h + b[i];
        }
        h *= 0x9E3779B1;
        return h >>> (32 - Integer.numberOfTrailingZeros(SLOTS));
    }
}
