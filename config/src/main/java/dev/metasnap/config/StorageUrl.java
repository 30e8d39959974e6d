package dev.metasnap.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed object storage URL: {@code s3://bucket[?endpoint=URL&region=R]},
 * {@code minio://key:secret@host:port/bucket} or {@code fs:///absolute/path}; a
 * {@code hummock+} prefix is accepted and stripped.
 *
 * <p>{@link #toString()} and {@link #redacted()} never show the secret key, so this value can
 * be logged and stored in job parameters in its redacted form.
 */
public record StorageUrl(
        StorageScheme scheme,
        String bucket,
        URI endpoint,
        String region,
        Path root,
        String accessKey,
        String secretKey) {

    private static final String HUMMOCK_PREFIX = "hummock+";
    private static final String DEFAULT_REGION = "us-east-1";

    public StorageUrl {
        Objects.requireNonNull(scheme, "scheme");
    }

    public static StorageUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSettingException("storage URL is empty; expected s3://bucket, minio://key:secret@host:port/bucket or fs:///path");
        }
        String url = text.strip();
        if (url.startsWith(HUMMOCK_PREFIX)) {
            url = url.substring(HUMMOCK_PREFIX.length());
        }
        int colon = url.indexOf("://");
        if (colon <= 0) {
            throw malformed(text, "no scheme");
        }
        String scheme = url.substring(0, colon);
        return switch (scheme) {
            case "s3" -> parseS3(text, url);
            case "minio" -> parseMinio(text, url);
            case "fs" -> parseFs(text, url);
            default -> throw malformed(text, "unsupported scheme '" + scheme + "' (use s3, minio or fs)");
        };
    }

    private static StorageUrl parseS3(String original, String url) {
        URI uri = toUri(original, url);
        String bucket = uri.getHost();
        if (bucket == null || bucket.isEmpty()) {
            throw malformed(original, "no bucket");
        }
        Map<String, String> query = query(original, uri.getRawQuery());
        URI endpoint = null;
        if (query.containsKey("endpoint")) {
            endpoint = toUri(original, query.get("endpoint"));
            if (endpoint.getHost() == null || endpoint.getScheme() == null) {
                throw malformed(original, "endpoint must look like http://host:port");
            }
        }
        String region = query.getOrDefault("region", DEFAULT_REGION);
        return new StorageUrl(StorageScheme.S3, bucket, endpoint, region, null, null, null);
    }

    private static StorageUrl parseMinio(String original, String url) {
        URI uri = toUri(original, url);
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || !userInfo.contains(":")) {
            throw malformed(original, "minio URL needs key:secret@host:port/bucket");
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw malformed(original, "minio URL needs host:port");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (path.isEmpty() || path.contains("/")) {
            throw malformed(original, "minio URL needs exactly one bucket name after host:port");
        }
        int split = userInfo.indexOf(':');
        String key = decodeUserInfo(userInfo.substring(0, split));
        String secret = decodeUserInfo(userInfo.substring(split + 1));
        URI endpoint = URI.create("http://" + uri.getHost() + ":" + uri.getPort());
        return new StorageUrl(StorageScheme.MINIO, path, endpoint, DEFAULT_REGION, null, key, secret);
    }

    private static StorageUrl parseFs(String original, String url) {
        String path = url.substring("fs://".length());
        if (!path.startsWith("/")) {
            throw malformed(original, "fs URL needs an absolute path, like fs:///var/backups/meta");
        }
        return new StorageUrl(StorageScheme.FS, null, null, null, Path.of(path).normalize(), null, null);
    }

    private static URI toUri(String original, String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw malformed(original, e.getReason());
        }
    }

    private static Map<String, String> query(String original, String rawQuery) {
        Map<String, String> result = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw malformed(original, "query parameter '" + pair + "' is not name=value");
            }
            String name = decode(pair.substring(0, eq));
            if (!name.equals("endpoint") && !name.equals("region")) {
                throw malformed(original, "unknown query parameter '" + name + "' (known: endpoint, region)");
            }
            result.put(name, decode(pair.substring(eq + 1)));
        }
        return result;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * Percent-decoding as URIs define it: unlike form decoding, a {@code +} stays a {@code +},
     * which AWS secrets routinely contain.
     */
    private static String decodeUserInfo(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static InvalidSettingException malformed(String url, String why) {
        return new InvalidSettingException("malformed storage URL '" + redactText(url) + "': " + why
                + "; expected s3://bucket[?endpoint=http://host:port], minio://key:secret@host:port/bucket or fs:///path");
    }

    /** Hides the secret of a URL-like text that may not even parse. */
    public static String redactText(String url) {
        // up to the last '@': a secret may itself hold '@' or '/', and no part of it may show
        return url == null ? null : url.replaceAll("(://[^:/@]*):.*@", "$1:***@");
    }

    public boolean hasInlineCredentials() {
        return accessKey != null;
    }

    /** The URL without its secret: safe for logs, output and job parameters. */
    public String redacted() {
        return switch (scheme) {
            case S3 -> "s3://" + bucket + (endpoint == null ? "" : "?endpoint=" + endpoint)
                    + (endpoint == null && DEFAULT_REGION.equals(region) ? "" : (endpoint == null ? "?" : "&") + "region=" + region);
            case MINIO -> "minio://" + accessKey + ":***@" + endpoint.getHost() + ":" + endpoint.getPort() + "/" + bucket;
            case FS -> "fs://" + root;
        };
    }

    /**
     * The URL with its secret, as the cluster's system params must hold it for the meta service.
     * Only for writing those params; never for logs, output or job parameters.
     */
    public String full() {
        if (!hasInlineCredentials()) {
            return redacted();
        }
        try {
            // the multi-argument constructor percent-encodes what user info may not hold raw ('/', '@', '%', ...)
            return new URI("minio", accessKey + ":" + secretKey, endpoint.getHost(), endpoint.getPort(), "/" + bucket, null, null)
                    .toASCIIString();
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("cannot write the storage URL of " + redacted() + ": " + e.getReason());
        }
    }

    @Override
    public String toString() {
        return redacted();
    }
}
