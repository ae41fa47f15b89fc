package org.layerscope.analysis;

import java.util.List;
import org.layerscope.dissect.mqtt.MqttDecoder;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tcp.SegmentOwner;
import org.layerscope.dissect.tcp.StreamReassembler;
import org.layerscope.model.Direction;
import org.layerscope.model.Field;
import org.layerscope.model.Phase;

/** The MQTT stage: one whole MQTT packet (from a TCP stream or from decrypted TLS data) at a time. */
final class MqttStage {
    private final boolean buildTrees;

    MqttStage(boolean buildTrees) {
        this.buildTrees = buildTrees;
    }

    void packet(PacketResult cur, TcpConnection c, Direction dir, TcpConnection.Side side, int n) {
        packet(cur, c, dir, side.stream, n);
    }

    void packet(PacketResult cur, TcpConnection c, Direction dir, StreamReassembler s, int n) {
        if (c.mqtt == null) {
            c.mqtt = new MqttDecoder();
        }
        List<SegmentOwner> owners = s.ownersOf(n);
        PacketResult first = owners.isEmpty() ? cur : (PacketResult) owners.get(0);
        Field tmp = buildTrees ? new Field("tmp", null, "", 0, 0) : Field.NONE;
        int expertBefore = cur.expert.size();
        MqttPacket m = c.mqtt.decode(dir, s.buffer(), s.start(), n, tmp, cur.expert);
        Pdus.remapExpert(cur, s, expertBefore);
        Pdus.attach(cur, s, tmp);
        cur.mqtt.add(m);
        for (SegmentOwner o : owners) {
            if (o != cur) {
                PacketResult pr = (PacketResult) o;
                pr.reassembledIn = cur.number();
                pr.partOf = m.info();
            }
        }
        FactsRecorder.mqttFacts(c.facts, dir, cur, m);
        Pdus.event(first, Phase.APPLICATION_DATA, false);
    }
}
