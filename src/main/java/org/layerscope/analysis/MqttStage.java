package org.layerscope.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layerscope.dissect.mqtt.MqttDecoder;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tcp.SegmentOwner;
import org.layerscope.dissect.tcp.PduSource;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;
import org.layerscope.model.Phase;

/** The MQTT stage: one whole MQTT packet (from a TCP stream or from decrypted TLS data) at a time. */
final class MqttStage {
    /** The facts of the last connection that sent CONNECT with each client id (for "client id taken over"). */
    private final Map<String, ConnectionFacts> lastConnectByClientId = new HashMap<>();

    /** The frames of the packet being decoded (kept from packet to packet: nothing to allocate). */
    private final List<SegmentOwner> owners = new java.util.ArrayList<>();
    /** Where the decoder puts the expert items of one PDU, before they go to the frame. */
    private final List<ExpertItem> found = new java.util.ArrayList<>();

    MqttStage() {
    }

    /** The MQTT packet of {@code n} bytes at the start of {@code s}, completed by frame {@code cur}. */
    void packet(PacketResult cur, TcpConnection c, Direction dir, PduSource s, int n) {
        if (c.mqtt == null) {
            c.mqtt = new MqttDecoder();
        }
        List<SegmentOwner> owners = this.owners;
        s.ownersOf(n, owners);
        PacketResult first = owners.isEmpty() ? cur : (PacketResult) owners.get(0);
        Field tmp = cur.tree.enabled() ? new Field("tmp", null, "", 0, 0) : Field.NONE;
        List<ExpertItem> found = this.found;
        MqttPacket m;
        try {
            m = c.mqtt.decode(dir, s.buffer(), s.start(), n, tmp, found);
        } catch (RuntimeException e) {
            throw Pdus.decodeFailed(cur, found, e);
        }
        Pdus.takeExpert(cur, s, found);
        Pdus.attach(cur, s, tmp);
        cur.addMqtt(m);
        for (int i = 0; i < owners.size(); i++) {
            SegmentOwner o = owners.get(i);
            if (o != cur) {
                PacketResult pr = (PacketResult) o;
                pr.reassembledIn = cur.number();
                pr.partOf = m; // its info, made when asked for
            }
        }
        FactsRecorder.mqttFacts(c.facts, dir, cur, m);
        if (m.type() == MqttPacket.CONNECT && dir == Direction.CLIENT_TO_SERVER) {
            connectFacts(c, cur);
        }
        Pdus.event(first, Phase.APPLICATION_DATA, false);
    }

    /**
     * A client's CONNECT: its protocol level and keep-alive; and when another connection still open sent CONNECT with
     * the same client id before, that one is noted as taken over (a broker drops it: MQTT allows one connection per
     * client id). Only the last connection per client id is remembered.
     */
    private void connectFacts(TcpConnection c, PacketResult cur) {
        ConnectionFacts f = c.facts;
        f.mqttLevel = c.mqtt.protocolLevel();
        f.keepAlive = c.mqtt.keepAlive();
        String id = f.clientId;
        if (id == null || id.isEmpty()) {
            return; // an empty client id: the broker assigns a unique one
        }
        ConnectionFacts previous = lastConnectByClientId.put(id, f);
        if (previous != null && previous != f && previous.firstClose(null) == null && previous.takenOverTime < 0) {
            previous.takenOverBy = c.index;
            previous.takenOverFrame = cur.number();
            previous.takenOverTime = cur.relativeNanos;
        }
    }
}
