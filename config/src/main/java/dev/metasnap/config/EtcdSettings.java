package dev.metasnap.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How to reach a cluster's etcd. The password is held only in memory and never appears in
 * {@link #toString()} or in job parameters.
 */
public record EtcdSettings(List<URI> endpoints, String username, char[] password, String rootPrefix, Duration timeout) {

    public static final String DEFAULT_ENDPOINTS = "http://127.0.0.1:2379";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public EtcdSettings {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new InvalidSettingException("no etcd endpoint given; pass --etcd-endpoints http://host:2379");
        }
        password = password == null ? null : password.clone();
        rootPrefix = rootPrefix == null ? "" : rootPrefix;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if ((username == null) != (password == null)) {
            throw new InvalidSettingException("etcd user '" + username + "' needs a password: use --etcd-password-file or METASNAP_ETCD_PASSWORD");
        }
    }

    /** Parses a comma-separated list; a bare host:port gets {@code http://}. */
    public static List<URI> parseEndpoints(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSettingException("etcd endpoints are empty; pass --etcd-endpoints http://host:2379");
        }
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(EtcdSettings::parseEndpoint)
                .toList();
    }

    private static URI parseEndpoint(String text) {
        String withScheme = text.contains("://") ? text : "http://" + text;
        URI uri;
        try {
            uri = URI.create(withScheme);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("malformed etcd endpoint '" + text + "'; expected http://host:port");
        }
        if (uri.getHost() == null || uri.getPort() < 0 || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new InvalidSettingException("malformed etcd endpoint '" + text + "'; expected http://host:port");
        }
        if (uri.getScheme().equals("https")) {
            // jetcd would silently talk plain HTTP to it, and a password would travel in clear
            throw new InvalidSettingException("etcd endpoint '" + text + "' uses https, and metasnap does not speak TLS to etcd;"
                    + " use an http:// endpoint on a trusted network (or a local TLS-terminating proxy such as 'etcd grpc-proxy')");
        }
        return uri;
    }

    public static EtcdSettings of(String endpoints) {
        return new EtcdSettings(parseEndpoints(endpoints), null, null, "", null);
    }

    public String endpointsText() {
        return String.join(",", endpoints.stream().map(URI::toString).toList());
    }

    public boolean hasAuth() {
        return username != null;
    }

    @Override
    public char[] password() {
        return password == null ? null : password.clone();
    }

    @Override
    public String toString() {
        return "etcd " + endpointsText() + (username == null ? "" : " as " + username)
                + (rootPrefix.isEmpty() ? "" : " prefix '" + rootPrefix + "'");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EtcdSettings other && endpoints.equals(other.endpoints)
                && java.util.Objects.equals(username, other.username) && Arrays.equals(password, other.password)
                && rootPrefix.equals(other.rootPrefix) && timeout.equals(other.timeout);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(endpoints, username, rootPrefix, timeout);
    }
}
