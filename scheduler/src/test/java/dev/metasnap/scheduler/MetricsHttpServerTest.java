package dev.metasnap.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.metasnap.config.InvalidSettingException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** /metrics over HTTP on the loopback address the config names. */
class MetricsHttpServerTest {

    @Test
    void servesTheScrapeAsPrometheusText() throws Exception {
        JobMetrics metrics = new JobMetrics();
        metrics.skipped("prod", "backup");
        try (MetricsHttpServer server = MetricsHttpServer.start("127.0.0.1:0", metrics)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals(Optional.of("text/plain; version=0.0.4; charset=utf-8"), response.headers().firstValue("Content-Type"));
            assertEquals(metrics.render(), response.body());
            assertEquals(1, JobMetricsTest.value(response.body(), "metasnap_skipped_total", "prod", "backup"));
        }
    }

    @Test
    void anAddressWithoutAPortIsRefused() {
        assertThrows(InvalidSettingException.class, () -> MetricsHttpServer.start("127.0.0.1", new JobMetrics()));
    }
}
