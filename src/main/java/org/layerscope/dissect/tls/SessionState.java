package org.layerscope.dissect.tls;

import java.util.ArrayList;
import java.util.List;

/** Mutable state of one connection, read by the decoder and summarised by {@link TlsSessionInfo}. */
final class SessionState {
    int version = -1;
    int cipherSuite = -1;
    int clientLegacyVersion = -1;
    final List<Integer> offeredVersions = new ArrayList<>(4);
    boolean offeredSupportedVersions;
    String serverName;
    final List<String> alpnOffered = new ArrayList<>(2);
    String alpnSelected;
    String keyExchange;
    boolean helloRetryRequest;
    boolean resumed;
    boolean earlyDataOffered;
    boolean clientHelloSeen;
    /** A ServerHello that is not a HelloRetryRequest. */
    boolean serverHelloSeen;
    /** The ServerHello selected TLS 1.3 (or a draft): records of both directions are protected after it. */
    boolean tls13;
    byte[] clientSessionId;
    List<TlsSessionInfo.CertificateInfo> serverCerts = List.of();
    List<TlsSessionInfo.CertificateInfo> clientCerts = List.of();
    boolean certificateRequested;
    boolean clientCertificateSeen;
    boolean clientCertificateSent;
    final TlsSessionInfo.AlertInfo[] firstAlert = new TlsSessionInfo.AlertInfo[2];
    /** TLS 1.2 and before: a ChangeCipherSpec switched this direction to encrypted records. */
    final boolean[] encrypted = new boolean[2];
    /** The next encrypted handshake record of this direction is its Finished. */
    final boolean[] expectFinished = new boolean[2];
    final boolean[] finished = new boolean[2];
    int handshakeMessages;
    int finishedCount;
    int newSessionTicketCount;
    final long[] appData = new long[2];

    boolean offersTls13() {
        for (int v : offeredVersions) {
            if (TlsNames.isTls13(v)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the start of the connection (a hello) was seen. */
    boolean helloSeen() {
        return clientHelloSeen || serverHelloSeen || helloRetryRequest;
    }

    TlsSessionInfo snapshot() {
        return new TlsSessionInfo(version, version == -1 ? null : TlsNames.version(version), cipherSuite,
                cipherSuite == -1 ? null : TlsNames.cipherSuiteOrUnknown(cipherSuite), offeredVersions, serverName,
                alpnOffered, alpnSelected, keyExchange, helloRetryRequest, resumed, earlyDataOffered, serverCerts,
                clientCerts, certificateRequested, clientCertificateSeen, clientCertificateSent, firstAlert[0],
                firstAlert[1], encrypted[0] || tls13, encrypted[1] || tls13, handshakeMessages, finishedCount,
                finished[0], finished[1], newSessionTicketCount, appData[0], appData[1]);
    }
}
