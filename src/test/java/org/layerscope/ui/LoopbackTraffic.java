package org.layerscope.ui;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Real TCP traffic on 127.0.0.1 for the window crash test: a client sends 100 bytes every 20 ms to a server in the
 * same process, which reads them. Started in the test's network namespace beside the window; it ends when the
 * process that started it is gone (the window was killed) or after two minutes.
 */
public final class LoopbackTraffic {
    private LoopbackTraffic() {
    }

    public static void main(String[] args) throws Exception {
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        long end = System.nanoTime() + 120_000_000_000L;
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread reader = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (Exception ignored) {
                    // the sender ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            try (Socket c = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort());
                 OutputStream out = c.getOutputStream()) {
                byte[] b = new byte[100];
                while (System.nanoTime() < end && ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)
                        && ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == parent) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(20);
                }
            }
        }
    }
}
