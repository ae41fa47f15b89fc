package org.layerscope.demo;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * What the embedded broker allows, like the actions of an AWS IoT Core policy: {@code iot:Connect} and
 * {@code iot:Publish}. A denied action ends the connection the way IoT Core does: no CONNACK or PUBACK, no MQTT
 * DISCONNECT and no TLS alert, the broker just closes the TCP connection (FIN) after the client's packet.
 *
 * @param connect whether CONNECT is allowed
 * @param publish whether PUBLISH is allowed
 */
public record BrokerPolicy(boolean connect, boolean publish) {
    /** Everything allowed (the broker's normal behaviour). */
    public static final BrokerPolicy ALLOW_ALL = new BrokerPolicy(true, true);

    boolean allowsAll() {
        return connect && publish;
    }

    /**
     * The handler that enforces the policy: it sits in front of Moquette's own MQTT handler and sees every decoded
     * MQTT message.
     */
    ChannelInboundHandlerAdapter gate() {
        return new Gate(this);
    }

    private static final class Gate extends ChannelInboundHandlerAdapter {
        private final BrokerPolicy policy;

        Gate(BrokerPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof MqttMessage m && m.fixedHeader() != null) {
                MqttMessageType t = m.fixedHeader().messageType();
                if ((t == MqttMessageType.CONNECT && !policy.connect)
                        || (t == MqttMessageType.PUBLISH && !policy.publish)) {
                    ReferenceCountUtil.release(msg);
                    hangUp(ctx);
                    return;
                }
            }
            super.channelRead(ctx, msg);
        }

        /** Closes the TCP connection below the TLS layer: a FIN without close_notify, as IoT Core hangs up. */
        private static void hangUp(ChannelHandlerContext ctx) {
            ChannelHandlerContext tls = ctx.pipeline().context(SslHandler.class);
            (tls != null ? tls : ctx).close();
        }
    }
}
