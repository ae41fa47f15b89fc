package org.layerscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.layerscope.dissect.tls.TlsDecoder;
import org.layerscope.dissect.tls.TlsSessionInfo;

/** The TLS part of a connection summary, from the decoder's session info. */
final class TlsSummaries {
    private TlsSummaries() {
    }

    static ConnectionSummary.TlsFacts of(TlsDecoder decoder) {
        TlsSessionInfo s = decoder.sessionInfo();
        List<String> alpn = s.alpnSelected() != null ? List.of(s.alpnSelected()) : s.alpnOffered();
        return new ConnectionSummary.TlsFacts(s.versionName(), s.cipherSuiteName(), s.serverName(), alpn,
                certs(s.serverCertificates()), certs(s.clientCertificates()));
    }

    private static List<String> certs(List<TlsSessionInfo.CertificateInfo> chain) {
        List<String> out = new ArrayList<>(chain.size());
        for (TlsSessionInfo.CertificateInfo c : chain) {
            out.add("subject=" + c.subject() + "; issuer=" + c.issuer()
                    + (c.notAfter() != null ? "; valid " + c.notBefore() + " .. " + c.notAfter() : ""));
        }
        return out;
    }
}
