package org.layerscope.dissect.mqtt;

import java.util.List;
import org.layerscope.model.Direction;
import org.layerscope.model.ExpertItem;
import org.layerscope.model.Field;

/**
 * Decodes the MQTT packets of one connection (remembers the protocol level from CONNECT, so MQTT 5
 * properties are read where they exist).
 *
 * <p>STUB: the real implementation replaces this file.
 */
public final class MqttDecoder {
    /**
     * Decodes one whole packet ({@code len} bytes from {@code off}, as measured by
     * {@link MqttFramer#probe}). Adds an {@code mqtt} subtree to {@code parent} with offsets that are
     * indices into {@code buf}, and expert items for malformed content. Never throws.
     */
    public MqttPacket decode(Direction dir, byte[] buf, int off, int len, Field parent, List<ExpertItem> expert) {
        int type = (buf[off] & 0xff) >> 4;
        return new MqttPacket(type, buf[off] & 0x0f, len, "MQTT", null, null, -1, -1, -1);
    }
}
