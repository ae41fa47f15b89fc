package org.layerscope.demo;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;

/**
 * The embedded broker's listening channel: every accepted connection allows half-closure and closes itself through
 * its pipeline when the client's FIN arrives. Netty otherwise closes a connection whose peer sent FIN below the
 * pipeline, so the broker's {@code SslHandler} never sends its close_notify; through the pipeline it does, and the
 * teardown shows the server's encrypted alert before its FIN, as AWS IoT Core's does.
 */
public final class CloseNotifyServerChannel extends NioServerSocketChannel {
    private static final ChannelHandler CLOSE_ON_INPUT_SHUTDOWN = new CloseOnInputShutdown();

    @Override
    protected int doReadMessages(List<Object> buf) throws Exception {
        int before = buf.size();
        int n = super.doReadMessages(buf);
        for (int i = before; i < buf.size(); i++) {
            if (buf.get(i) instanceof NioSocketChannel child) {
                child.config().setAllowHalfClosure(true);
                child.pipeline().addFirst("layerscope-close-notify", CLOSE_ON_INPUT_SHUTDOWN);
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
}
