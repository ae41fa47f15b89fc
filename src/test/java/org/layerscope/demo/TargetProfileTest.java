package org.layerscope.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profile files: the keys of the issue, defaults of the AWS IoT sample, clear errors. */
class TargetProfileTest {
    @TempDir
    Path dir;

    @Test
    void readsAnAwsIotCoreProfile() throws Exception {
        Path f = dir.resolve("aws.properties");
        Files.writeString(f, """
                endpoint=abc123-ats.iot.ap-northeast-1.amazonaws.com
                cert=certs/device.pem.crt
                key=certs/private.pem.key
                ca=/etc/AmazonRootCA1.pem
                """, StandardCharsets.UTF_8);
        TargetProfile p = TargetProfile.load(f);
        assertEquals("abc123-ats.iot.ap-northeast-1.amazonaws.com", p.endpoint());
        assertEquals(8883, p.port());
        assertEquals(dir.resolve("certs/device.pem.crt").toAbsolutePath(), p.cert());
        assertEquals(Path.of("/etc/AmazonRootCA1.pem"), p.ca());
        assertEquals("basicPubSub", p.clientId());
        assertEquals("sdk/test/python", p.topic());
        assertEquals("test message", p.message());
        assertEquals("\"test message\"", new String(p.payload(), StandardCharsets.UTF_8));
        assertEquals(1, p.qos());
        assertEquals(TlsVersion.AUTO, p.tlsVersion());
        assertNull(p.alpn());
        assertTrue(!p.embedded());
    }

    @Test
    void port443OffersTheAwsAlpnProtocol() throws Exception {
        Path f = dir.resolve("p443.properties");
        Files.writeString(f, "endpoint=x\nport=443\ncert=c\nkey=k\nca=a\ntls-version=1.2\nqos=0\n"
                + "client-id=dev1\ntopic=a/b\nmessage=hi \"you\"\n", StandardCharsets.UTF_8);
        TargetProfile p = TargetProfile.load(f);
        assertEquals("x-amzn-mqtt-ca", p.alpn());
        assertEquals(TlsVersion.V1_2, p.tlsVersion());
        assertEquals(0, p.qos());
        assertEquals("dev1", p.clientId());
        assertEquals("\"hi \\\"you\\\"\"", new String(p.payload(), StandardCharsets.UTF_8));
    }

    @Test
    void errorsSayWhichKey() throws Exception {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "endpoint=x\ncert=c\nkey=k\n", StandardCharsets.UTF_8);
        assertTrue(assertThrows(TargetProfile.ProfileException.class, () -> TargetProfile.load(f)).getMessage()
                .contains("'ca'"));
        Files.writeString(f, "endpoint=x\ncert=c\nkey=k\nca=a\nport=99999\n", StandardCharsets.UTF_8);
        assertTrue(assertThrows(TargetProfile.ProfileException.class, () -> TargetProfile.load(f)).getMessage()
                .contains("port"));
        Files.writeString(f, "endpoint=x\ncert=c\nkey=k\nca=a\ntls=1.3\n", StandardCharsets.UTF_8);
        assertTrue(assertThrows(TargetProfile.ProfileException.class, () -> TargetProfile.load(f)).getMessage()
                .contains("unknown key 'tls'"));
        Files.writeString(f, "endpoint=x\ncert=c\nkey=k\nca=a\ntls-version=1.1\n", StandardCharsets.UTF_8);
        assertThrows(TargetProfile.ProfileException.class, () -> TargetProfile.load(f));
        assertTrue(assertThrows(TargetProfile.ProfileException.class, () -> TargetProfile.load(dir.resolve("none")))
                .getMessage().contains("no such file"));
    }

    @Test
    void tlsVersions() {
        assertEquals(TlsVersion.V1_2, TlsVersion.parse("1.2"));
        assertEquals(TlsVersion.V1_3, TlsVersion.parse("TLSv1.3"));
        assertEquals(TlsVersion.AUTO, TlsVersion.parse("auto"));
        assertThrows(IllegalArgumentException.class, () -> TlsVersion.parse("1.0"));
    }

    @Test
    void whatTheProfileEditorSavesLoadsAsAProfile() throws Exception {
        assertTrue(TargetProfile.KEYS.containsAll(TargetProfile.EDITOR_TEMPLATE.keySet()), "the editor shows real keys");
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>(TargetProfile.EDITOR_TEMPLATE);
        values.put("endpoint", "  abc-ats.iot.eu-west-1.amazonaws.com ");
        values.put("message", "");
        Path f = TargetProfile.save(dir.resolve("profiles"), "my device/1", values);
        assertEquals(dir.resolve("profiles").resolve("my_device_1.properties"), f);
        assertEquals("my_device_1", TargetProfile.nameOf(f));
        java.util.Properties p = TargetProfile.properties(f);
        assertEquals("abc-ats.iot.eu-west-1.amazonaws.com", p.getProperty("endpoint"));
        assertNull(p.getProperty("message"), "blank values are left out (the default applies)");
        TargetProfile loaded = TargetProfile.load(f);
        assertEquals(8883, loaded.port());
        assertEquals(f.getParent().resolve("device.pem.crt"), loaded.cert());
        assertEquals("test message", loaded.message());
        assertNull(TargetProfile.save(dir, "  ", values), "no file without a name");
    }
}
