package org.layerscope.session.lesson;

import java.util.List;
import java.util.Locale;
import org.layerscope.analysis.PacketResult;
import org.layerscope.dissect.mqtt.MqttPacket;
import org.layerscope.dissect.tls.TlsRecord;
import org.layerscope.model.Direction;
import org.layerscope.model.Phase;
import org.layerscope.session.LayerBreakdown;
import org.layerscope.session.UiText;

/**
 * What a lesson needs of one frame of its connection, copied out of the analysis' result when the frame is
 * released (the result itself is not kept): TCP flags, the TLS records and MQTT packets it completes, its phase,
 * and the layer envelope in both languages.
 *
 * @param number         frame number
 * @param relativeNanos  time since the capture's first frame
 * @param direction      client to server or back (null when unknown)
 * @param flags          TCP flags
 * @param tcpLen         TCP payload length
 * @param retransmission true for a TCP retransmission
 * @param reassembledIn  frame that completes the PDU this frame carries a part of, or 0
 * @param tls            TLS records completed in this frame
 * @param mqtt           MQTT packets completed in this frame
 * @param phase          the connection's phase after this frame
 * @param inferredAlert  a TLS 1.3 record taken for an encrypted alert
 * @param layersEn       the layer envelope, English captions
 * @param layersJa       the layer envelope, Japanese captions
 */
public record LessonFrame(long number, long relativeNanos, Direction direction, int flags, int tcpLen,
                          boolean retransmission, long reassembledIn, List<TlsRecord> tls, List<MqttPacket> mqtt,
                          Phase phase, boolean inferredAlert, List<LayerBreakdown.Layer> layersEn,
                          List<LayerBreakdown.Layer> layersJa) {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    private static final UiText EN = UiText.of(UiText.ENGLISH);
    private static final UiText JA = UiText.of(UiText.JAPANESE);

    public LessonFrame {
        tls = List.copyOf(tls);
        mqtt = List.copyOf(mqtt);
        layersEn = List.copyOf(layersEn);
        layersJa = List.copyOf(layersJa);
    }

    /** The facts of a released result. */
    public static LessonFrame of(PacketResult r) {
        return new LessonFrame(r.number(), r.relativeNanos(), r.direction(), r.net().tcpFlags, r.net().tcpLen,
                r.retransmission(), r.reassembledIn(), r.tlsRecords(), r.mqttPackets(), r.phase(), r.inferredAlert(),
                LayerBreakdown.of(r, EN), LayerBreakdown.of(r, JA));
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The layer envelope with captions in {@code locale}'s language. */
    public List<LayerBreakdown.Layer> layers(Locale locale) {
        return "ja".equals(locale.getLanguage()) ? layersJa : layersEn;
    }
}
