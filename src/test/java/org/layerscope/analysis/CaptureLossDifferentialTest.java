package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.testutil.Tools;

/**
 * TCP reassembly after real capture loss and real out-of-order segments, against tshark and against the bytes
 * themselves. Both captures are cut, unchanged, from a dumpcap capture of Debian's mosquitto under load on
 * loopback (see {@code src/test/resources/tcp-loss/README.md}): the loss and the reordering are dumpcap's own, not
 * made by editing.
 *
 * <p>The rule checked: a PDU belongs to the frame that carried its last byte, whenever the analysis learns that it
 * is complete (a segment that fills a hole, the peer's ACK that shows a hole will never fill).
 */
class CaptureLossDifferentialTest {
    static final Path DIR = TsharkDifferentialTest.REPO.resolve("src/test/resources/tcp-loss");
    static final Path LOSS = DIR.resolve("real-loss.pcapng");
    static final Path REORDER = DIR.resolve("real-reorder.pcapng");

    /**
     * real-loss.pcapng: 240 KB of 1883→47552 and 250 KB of 8883→52660 were never captured; the segments after
     * the holes carry whole PDUs, and the peer's ACK (frames 12 and 20) shows the holes are final. tshark reads
     * each such segment on its own: the same frames, frame by frame, in every column.
     */
    @Test
    void afterARealHoleEveryPduIsInItsOwnFrameAsTsharkShows(@TempDir Path config) throws Exception {
        String tshark = Tools.require("tshark").toString();
        List<PacketResult> ours = AnalysisRunner.analyze(LOSS, false);
        TsharkDifferentialTest.compare(LOSS.getFileName().toString(), ours,
                TsharkOracle.run(tshark, LOSS, List.of(), config));
        // the ACKs that ended the waiting carry nothing; the segments after the holes carry their own PDUs
        assertEquals("", AnalysisRunner.mqtt(ours.get(19)), "frame 20, the subscriber's ACK");
        assertEquals("", AnalysisRunner.records(ours.get(11)), "frame 12, the client's ACK");
        assertEquals("23", AnalysisRunner.records(ours.get(10)), "frame 11, the record after the hole");
        for (int f = 15; f <= 19; f++) {
            assertEquals(17, ours.get(f - 1).mqttPackets().size(), "frame " + f + ": 17 PUBLISH after the hole");
        }
        assertEquals(lastByteOwners(ours), mqttCounts(ours), "each MQTT packet in the frame with its last byte");
        assertTrue(ours.get(19).expert().stream().anyMatch(e -> e.key().equals("tcp.gap")),
                "the ACK that gave the hole up says how many bytes were never captured");
    }

    /**
     * real-reorder.pcapng: frames 3 and 24 arrived before the segments that precede them (4, and 26 with its
     * retransmission 27). tshark without out-of-order reassembly (its default) reads 3 and 24 but never the PDUs
     * of 4 and 26; with {@code tcp.reassemble_out_of_order:TRUE} it finds them all, but shows every PDU in the
     * frame that filled the hole. LayerScope shows each PDU in the frame that carried its last byte: tshark's
     * default everywhere it reads a frame, plus the PDUs it misses, in the order tshark finds them when it
     * reassembles out-of-order segments.
     */
    @Test
    void outOfOrderSegmentsKeepTheirOwnPdus(@TempDir Path config) throws Exception {
        String tshark = Tools.require("tshark").toString();
        List<PacketResult> ours = AnalysisRunner.analyze(REORDER, false);
        List<String> fields = List.of("frame.number", "tcp.stream", "tcp.srcport", "tcp.analysis.out_of_order",
                "mqtt.msgtype", "mqtt.topic");
        List<TsharkOracle.Row> plain = TsharkOracle.run(tshark, REORDER, List.of(), config, fields);
        List<TsharkOracle.Row> ooo = TsharkOracle.run(tshark, REORDER,
                List.of("-o", "tcp.reassemble_out_of_order:TRUE"), config, fields);
        assertEquals(plain.size(), ours.size());
        List<Long> missedByTshark = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            TsharkOracle.Row t = plain.get(i);
            String mine = AnalysisRunner.mqtt(ours.get(i));
            if (!mine.equals(t.get("mqtt.msgtype"))) {
                // only where tshark left a frame unread
                assertEquals("", t.get("mqtt.msgtype"), "frame " + (i + 1) + ": ours " + mine);
                missedByTshark.add(ours.get(i).number());
            }
        }
        assertEquals(List.of(4L, 26L), missedByTshark, "the frames whose PDUs tshark's default misses");
        assertEquals(17, ours.get(2).mqttPackets().size(), "frame 3 keeps its own 17 PUBLISH");
        assertEquals(17, ours.get(3).mqttPackets().size(), "frame 4 carries 17 PUBLISH of its own");
        assertTrue(ours.get(26).retransmission(), "frame 27 repeats frame 26");
        assertEquals("", AnalysisRunner.mqtt(ours.get(26)));
        // every PDU found, in stream order, as tshark finds them when it reassembles out-of-order segments
        assertEquals(streamOrder(ooo), streamOrder(ours));
        assertEquals(lastByteOwners(ours), mqttCounts(ours), "each MQTT packet in the frame with its last byte");
    }

    /**
     * Without the ACKs that show the holes are final (frames 12 and 20 left out), the segments after the holes wait
     * for bytes that never come; at the end of the capture they are read all the same, each PDU in its own frame.
     */
    @Test
    void segmentsBehindAnUnacknowledgedHoleAreReadAtTheEnd() throws Exception {
        List<PacketResult> all = AnalysisRunner.analyze(LOSS, false);
        List<PacketResult> out = new ArrayList<>();
        Analyzer a = new Analyzer(false, out::add);
        for (PacketResult r : all) {
            if (r.number() != 12 && r.number() != 20) {
                a.accept(r.frame());
            }
        }
        a.finish();
        assertEquals(all.size() - 2, out.size());
        for (PacketResult r : out) {
            PacketResult same = all.get((int) r.number() - 1);
            assertEquals(AnalysisRunner.mqtt(same), AnalysisRunner.mqtt(r), "frame " + r.number());
            assertEquals(AnalysisRunner.records(same), AnalysisRunner.records(r), "frame " + r.number());
        }
    }

    /**
     * Memory stays bounded when a hole never fills and nothing acknowledges past it: once {@link Analyzer#MAX_HELD}
     * frames wait behind the first segment after the hole, the hole is given up, its segments are read in their own
     * frames and released, long before the capture ends (here: the capture goes on with 5,000 repeats of the
     * client's ACK, frame 3, renumbered).
     */
    @Test
    void aHoleThatNeverFillsIsGivenUpAtTheBound() throws Exception {
        List<PacketResult> all = AnalysisRunner.analyze(LOSS, false);
        List<PacketResult> out = new ArrayList<>();
        Analyzer a = new Analyzer(false, out::add);
        for (PacketResult r : all) {
            if (r.number() != 20) {
                a.accept(r.frame());
            }
        }
        org.layerscope.model.RawFrame ack = all.get(2).frame();
        org.layerscope.model.RawFrame last = all.get(all.size() - 1).frame();
        for (int i = 1; i <= 5000; i++) {
            a.accept(new org.layerscope.model.RawFrame(last.number() + i, last.timestampNanos() + i * 1000L,
                    ack.linkType(), ack.originalLength(), ack.data(), ack.interfaceId(), List.of()));
        }
        // released before the end, with their own PDUs and the note of the missing bytes
        List<PacketResult> released = out.stream().filter(r -> r.number() >= 15 && r.number() <= 21).toList();
        assertEquals(List.of(15L, 16L, 17L, 18L, 19L, 21L), released.stream().map(PacketResult::number).toList());
        for (PacketResult r : released) {
            assertEquals(AnalysisRunner.mqtt(all.get((int) r.number() - 1)), AnalysisRunner.mqtt(r), "frame " + r.number());
        }
        assertTrue(out.stream().filter(r -> r.number() <= 21)
                .anyMatch(r -> r.expert().stream().anyMatch(e -> e.key().equals("tcp.gap"))), "the given-up hole is noted");
        a.finish();
    }

    /** Per TCP stream and source port: the MQTT packets (type and topic) in the order tshark lists them. */
    private static Map<String, List<String>> streamOrder(List<?> rows) {
        Map<String, List<String>> m = new TreeMap<>();
        if (!rows.isEmpty() && rows.get(0) instanceof PacketResult) {
            List<PacketResult> sorted = new ArrayList<>();
            for (Object o : rows) {
                sorted.add((PacketResult) o);
            }
            // stream order: by sequence number (a segment and its retransmission carry the same bytes once)
            sorted.sort((a, b) -> Long.compare(a.relativeSeq(), b.relativeSeq()));
            for (PacketResult r : sorted) {
                for (MqttPacket p : r.mqttPackets()) {
                    m.computeIfAbsent(r.stream() + "/" + r.net().srcPort, k -> new ArrayList<>())
                            .add(p.type() + " " + (p.topic() == null ? "" : p.topic()));
                }
            }
            return m;
        }
        for (Object o : rows) {
            TsharkOracle.Row t = (TsharkOracle.Row) o;
            if (t.get("mqtt.msgtype").isEmpty()) {
                continue;
            }
            String[] types = t.get("mqtt.msgtype").split(",");
            String[] topics = t.get("mqtt.topic").split(",", -1);
            for (int i = 0; i < types.length; i++) {
                m.computeIfAbsent(t.get("tcp.stream") + "/" + t.get("tcp.srcport"), k -> new ArrayList<>())
                        .add(types[i] + " " + (i < topics.length ? topics[i] : ""));
            }
        }
        return m;
    }

    private static Map<Long, Integer> mqttCounts(List<PacketResult> ours) {
        Map<Long, Integer> m = new TreeMap<>();
        for (PacketResult r : ours) {
            if (!r.mqttPackets().isEmpty()) {
                m.put(r.number(), r.mqttPackets().size());
            }
        }
        return m;
    }

    /**
     * The oracle from the bytes alone: per direction, the captured segments laid out by sequence number (the first
     * capture of each byte wins), MQTT packets walked by their fixed header from the first segment and from the
     * first segment after each hole (both start a packet in these captures), and each packet counted in the frame
     * that holds its last byte. Packets cut by a hole are not counted.
     */
    private static Map<Long, Integer> lastByteOwners(List<PacketResult> ours) {
        Map<String, TreeMap<Long, PacketResult>> byDirection = new LinkedHashMap<>();
        for (PacketResult r : ours) {
            if (r.isTcp() && r.net().payloadCaptured > 0 && (r.net().srcPort == 1883 || r.net().dstPort == 1883)) {
                byDirection.computeIfAbsent(r.stream() + "/" + r.net().srcPort, k -> new TreeMap<>())
                        .putIfAbsent(r.relativeSeq(), r);
            }
        }
        Map<Long, Integer> counts = new TreeMap<>();
        for (TreeMap<Long, PacketResult> segments : byDirection.values()) {
            // runs of contiguous bytes, each byte with the frame it came from
            List<byte[]> runs = new ArrayList<>();
            List<long[]> owners = new ArrayList<>();
            java.io.ByteArrayOutputStream run = null;
            List<Long> own = null;
            long next = -1;
            for (PacketResult r : segments.values()) {
                long seq = r.relativeSeq();
                int len = r.net().payloadCaptured;
                if (seq + len <= next) {
                    continue;
                }
                if (run == null || seq > next) {
                    if (run != null) {
                        runs.add(run.toByteArray());
                        owners.add(own.stream().mapToLong(Long::longValue).toArray());
                    }
                    run = new java.io.ByteArrayOutputStream();
                    own = new ArrayList<>();
                    next = seq;
                }
                int skip = (int) (next - seq);
                run.write(r.frame().data(), r.net().payloadOffset + skip, len - skip);
                for (int i = skip; i < len; i++) {
                    own.add(r.number());
                }
                next = seq + len;
            }
            if (run != null) {
                runs.add(run.toByteArray());
                owners.add(own.stream().mapToLong(Long::longValue).toArray());
            }
            for (int k = 0; k < runs.size(); k++) {
                byte[] b = runs.get(k);
                int at = 0;
                while (at < b.length) {
                    int len = 0;
                    int shift = 0;
                    int i = at + 1;
                    boolean lengthRead = false;
                    while (i < b.length && !lengthRead) {
                        int v = b[i++] & 0xff;
                        len |= (v & 0x7f) << shift;
                        shift += 7;
                        lengthRead = (v & 0x80) == 0;
                    }
                    long end = (long) i + len;
                    if (!lengthRead || end > b.length) {
                        break; // cut by a hole or by the end of the capture
                    }
                    counts.merge(owners.get(k)[(int) end - 1], 1, Integer::sum);
                    at = (int) end;
                }
            }
        }
        assertFalse(counts.isEmpty());
        return counts;
    }
}
