package dev.metasnap.scheduler;

import com.sun.net.httpserver.HttpServer;
import dev.metasnap.config.InvalidSettingException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves {@code /metrics}, the scrape of {@link JobMetrics}, on the JDK's HTTP server; binds to loopback unless told otherwise. */
public final class MetricsHttpServer implements AutoCloseable {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsHttpServer(HttpServer server) {
        this.server = server;
    }

    /** {@code listen} is host:port, e.g. 127.0.0.1:9464 (port 0: any free port). */
    public static MetricsHttpServer start(String listen, JobMetrics metrics) {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new InvalidSettingException("metrics listen address '" + listen + "' is not host:port, e.g. 127.0.0.1:9464");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1))), 8);
            server.createContext("/metrics", exchange -> {
                byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new MetricsHttpServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for metrics on " + listen + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
