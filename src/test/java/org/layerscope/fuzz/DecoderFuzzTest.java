package org.layerscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets on the stream decoders and the key log parser (issue #16). Inputs of the TLS and MQTT targets are
 * chunks {@code [flags][length: 2 bytes][bytes]} (flags bit 0: the direction), see {@link Targets#chunks}; the
 * seeds are the TCP payloads of the sample captures in that form.
 */
class DecoderFuzzTest {
    @FuzzTest(maxDuration = "")
    void tlsRecords(byte[] data) throws Exception {
        Targets.tls(data);
    }

    @FuzzTest(maxDuration = "")
    void mqtt311(byte[] data) throws Exception {
        Targets.mqtt(data, 4);
    }

    @FuzzTest(maxDuration = "")
    void mqtt5(byte[] data) throws Exception {
        Targets.mqtt(data, 5);
    }

    @FuzzTest(maxDuration = "")
    void keyLog(byte[] data) throws Exception {
        Targets.keyLog(data);
    }

    /** Any bytes as the one certificate of a Certificate message (ASN.1/X.509 on arbitrary DER). */
    @FuzzTest(maxDuration = "")
    void certificate(byte[] data) throws Exception {
        Targets.certificate(data);
    }
}
