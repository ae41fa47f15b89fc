package org.layerscope.dissect.tls;

import java.util.ArrayList;
import java.util.List;

/** What decoding one record found, turned into a {@link TlsRecord} at the end. */
final class RecordOut {
    int contentType;
    boolean opaque;
    boolean encrypted;
    List<Integer> types;
    int alertLevel = -1;
    int alertDesc = -1;
    String info;
    String summary = "";
    byte[] plaintext;
    // handshake pieces
    int pieces;
    String firstLabel;
    StringBuilder infoBuilder;

    String info() {
        if (info != null) {
            return info;
        }
        return infoBuilder == null ? "" : infoBuilder.toString();
    }

    void addType(int t) {
        if (types == null) {
            types = new ArrayList<>(4);
        }
        types.add(t);
    }

    void addInfo(String label) {
        if (infoBuilder == null) {
            infoBuilder = new StringBuilder(label.length() + 16);
        } else {
            infoBuilder.append(", ");
        }
        infoBuilder.append(label);
    }
}
