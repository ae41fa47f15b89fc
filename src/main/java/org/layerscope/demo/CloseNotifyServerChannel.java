package org.layerscope.demo;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded broker's listening channel: every accepted connection allows half-closure and closes itself through
 * its pipeline when the client's FIN arrives. Netty otherwise closes a connection whose peer sent FIN below the
 * pipeline, so the broker's {@code SslHandler} never sends its close_notify; through the pipeline it does, and the
 * teardown shows the server's encrypted alert before its FIN, as AWS IoT Core's does.
 */
public final class CloseNotifyServerChannel extends NioServerSocketChannel {
    private static final ChannelHandler CLOSE_ON_INPUT_SHUTDOWN = new CloseOnInputShutdown();
    /** The policy of the embedded broker listening on a port (Netty makes this channel by reflection). */
    private static final Map<Integer, BrokerPolicy> POLICIES = new ConcurrentHashMap<>();

    static void policy(int port, BrokerPolicy policy) {
        if (policy == null || policy.allowsAll()) {
            POLICIES.remove(port);
        } else {
            POLICIES.put(port, policy);
        }
    }

    @Override
    protected int doReadMessages(List<Object> buf) throws Exception {
        int before = buf.size();
        int n = super.doReadMessages(buf);
        for (int i = before; i < buf.size(); i++) {
            if (buf.get(i) instanceof NioSocketChannel child) {
                child.config().setAllowHalfClosure(true);
                child.pipeline().addFirst("layerscope-close-notify", CLOSE_ON_INPUT_SHUTDOWN);
                BrokerPolicy policy = localAddress() == null ? null : POLICIES.get(localAddress().getPort());
                if (policy != null) {
                    child.pipeline().addFirst("layerscope-policy-installer", new PolicyInstaller(policy));
                }
            }
        }
        return n;
    }

    @ChannelHandler.Sharable
    private static final class CloseOnInputShutdown extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.channel().close(); // from the tail: the SslHandler sends close_notify, then the FIN follows
            }
            super.userEventTriggered(ctx, evt);
        }
    }

    /** Puts the policy's gate in front of Moquette's MQTT handler once Moquette has built the pipeline. */
    private static final class PolicyInstaller extends ChannelInboundHandlerAdapter {
        private final BrokerPolicy policy;

        PolicyInstaller(BrokerPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (ctx.pipeline().get("handler") != null) {
                ctx.pipeline().addBefore("handler", "layerscope-policy", policy.gate());
            }
            ctx.pipeline().remove(this);
            super.channelActive(ctx);
        }
    }
}
