package dev.metasnap.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy on loopback in front of an S3-compatible server that misbehaves on purpose:
 * a share of requests is answered 500 or 503 without reaching the server, has its connection
 * reset, or is delayed. Every request is forwarded on a connection of its own with
 * {@code Connection: close}, so a fault is decided per request, not per pooled connection.
 */
public final class FaultProxy implements AutoCloseable {

    /** What to do to each request: shares in [0, 1] and the delay. */
    public record Faults(double errorShare, double resetShare, double delayShare, long delayMillis) {
        public static Faults none() {
            return new Faults(0, 0, 0, 0);
        }
    }

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Random random;
    private volatile Faults faults = Faults.none();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong injected = new AtomicLong();

    private FaultProxy(ServerSocket server, InetSocketAddress upstream, long seed) {
        this.server = server;
        this.upstream = upstream;
        this.random = new Random(seed);
    }

    public static FaultProxy start(int upstreamPort, long seed) {
        try {
            ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(server, new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), seed);
            proxy.pool.submit(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public void faults(Faults faults) {
        this.faults = faults;
    }

    public long requests() {
        return requests.get();
    }

    public long injected() {
        return injected.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pool.submit(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(60_000);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                requests.incrementAndGet();
                String headText = new String(head, StandardCharsets.ISO_8859_1);
                long length = contentLength(headText);
                boolean expectContinue = headText.toLowerCase(java.util.Locale.ROOT).contains("\r\nexpect: 100-continue");
                Faults f = faults;
                double dice;
                synchronized (random) {
                    dice = random.nextDouble();
                }
                if (dice < f.resetShare()) {
                    injected.incrementAndGet();
                    client.setSoLinger(true, 0);
                    return;
                }
                if (dice < f.resetShare() + f.errorShare()) {
                    injected.incrementAndGet();
                    if (!expectContinue) {
                        skip(in, length);
                    }
                    int status = dice < f.resetShare() + f.errorShare() / 2 ? 500 : 503;
                    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + (status == 500 ? "InternalError" : "SlowDown")
                            + "</Code><Message>injected by the fault proxy</Message></Error>";
                    out.write(("HTTP/1.1 " + status + (status == 500 ? " Internal Server Error" : " Slow Down") + "\r\nContent-Type: application/xml\r\n"
                            + "Content-Length: " + body.length() + (expectContinue ? "\r\nConnection: close" : "") + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (expectContinue) {
                        // the client never sent its body: this connection cannot carry another request
                        return;
                    }
                    continue;
                }
                if (dice < f.resetShare() + f.errorShare() + f.delayShare()) {
                    injected.incrementAndGet();
                    Thread.sleep(f.delayMillis());
                }
                if (expectContinue) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                if (!forward(headText, in, length, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away or the proxy is closing
        }
    }

    /** Sends one request upstream on a fresh connection and relays the answer; false when the client must be closed. */
    private boolean forward(String headText, InputStream in, long length, OutputStream out) throws IOException {
        try (Socket up = new Socket()) {
            up.connect(upstream, 10_000);
            up.setSoTimeout(120_000);
            OutputStream upOut = up.getOutputStream();
            upOut.write(withConnectionClose(headText).getBytes(StandardCharsets.ISO_8859_1));
            copy(in, upOut, length);
            upOut.flush();
            InputStream upIn = up.getInputStream();
            byte[] responseHead = readHead(upIn);
            if (responseHead == null) {
                return false;
            }
            String responseText = new String(responseHead, StandardCharsets.ISO_8859_1);
            out.write(withConnectionClose(responseText).getBytes(StandardCharsets.ISO_8859_1));
            upIn.transferTo(out);
            out.flush();
            // the answer told the client this connection closes after it
            return false;
        }
    }

    private static String withConnectionClose(String head) {
        StringBuilder b = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (!line.isEmpty() && !line.regionMatches(true, 0, "connection:", 0, 11) && !line.regionMatches(true, 0, "expect:", 0, 7)) {
                b.append(line).append("\r\n");
            }
        }
        return b.append("Connection: close\r\n\r\n").toString();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return 0;
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
            if (head.size() > 64 * 1024) {
                throw new IOException("request head over 64 KiB");
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("request body ended early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long length) throws IOException {
        copy(in, OutputStream.nullOutputStream(), length);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        pool.shutdownNow();
    }
}
