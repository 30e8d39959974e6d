package dev.metasnap.core.store;

import dev.metasnap.config.StorageUrl;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/** {@link ObjectStore} over the AWS SDK v2, for AWS S3 and S3-compatible servers (path-style access). */
public final class S3ObjectStore implements ObjectStore {

    /**
     * Retries and timeouts, in one place. Throttling (503 SlowDown), server errors (500) and
     * reset connections are retried up to this many attempts with the SDK's standard exponential
     * back-off with jitter; a failure after that fails the step, which a restart resumes.
     */
    static final int MAX_ATTEMPTS = 8;
    /** One HTTP attempt (a part upload of up to 64 MiB on a slow link included). */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(2);
    /** One API call with all its retries: a stalled call can never pin a chunk for good. */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);

    /** Entries per page of a listing (objects, parts, uploads): S3's largest, so a listing takes as few calls as it can. */
    static final int PAGE_ENTRIES = 1000;

    private final S3Client client;
    private final String bucket;
    private final String description;
    /** The endpoint and the identity used on it: two stores with the same server can copy between their buckets. */
    private final String server;
    private final int pageEntries;

    private S3ObjectStore(S3Client client, String bucket, String description, String server, int pageEntries) {
        this.client = client;
        this.bucket = bucket;
        this.description = description;
        this.server = server;
        this.pageEntries = pageEntries;
    }

    /**
     * Opens a store. Credentials are the URL's inline key and secret (minio://), else the AWS
     * default chain (environment, system properties, profile).
     */
    public static S3ObjectStore open(StorageUrl url) {
        return open(url, PAGE_ENTRIES);
    }

    /** A store whose listings come in pages of {@code pageEntries}: small pages let a test see every listing continue. */
    static S3ObjectStore open(StorageUrl url, int pageEntries) {
        AwsCredentialsProvider credentials = url.hasInlineCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(url.accessKey(), url.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .region(Region.of(url.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT))
                // older S3-compatible servers reject the SDK's default request checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(16)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)));
        if (url.endpoint() != null) {
            builder.endpointOverride(url.endpoint());
        }
        String server = (url.endpoint() == null ? "aws:" + url.region() : url.endpoint().toString())
                + "|" + (url.hasInlineCredentials() ? url.accessKey() : "default-chain");
        return new S3ObjectStore(builder.build(), url.bucket(), url.redacted(), server, pageEntries);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void checkAccess() {
        call("check bucket " + bucket, () -> client.headBucket(b -> b.bucket(bucket)));
    }

    @Override
    public Optional<StoredObject> head(String key) {
        try {
            HeadObjectResponse r = call("head " + key, () -> client.headObject(b -> b.bucket(bucket).key(key)));
            return Optional.of(new StoredObject(key, r.contentLength(), r.lastModified()));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream get(String key) {
        ResponseInputStream<GetObjectResponse> in = call("get " + key, () -> client.getObject(b -> b.bucket(bucket).key(key)));
        return in;
    }

    /** CopyObject handles objects up to 5 GiB in one request; larger ones are streamed. */
    private static final long MAX_SINGLE_COPY_BYTES = 5L * 1024 * 1024 * 1024;

    @Override
    public boolean copyWithin(ObjectStore source, String sourceKey, String key) {
        if (!(source.unwrapped() instanceof S3ObjectStore s3) || !s3.server.equals(server)) {
            return false;
        }
        Optional<StoredObject> object = s3.head(sourceKey);
        if (object.isEmpty()) {
            throw new NoSuchObjectException("object " + sourceKey + " not found in " + s3.describe());
        }
        if (object.get().size() > MAX_SINGLE_COPY_BYTES) {
            return false;
        }
        call("copy " + sourceKey + " to " + key, () -> client.copyObject(b -> b.sourceBucket(s3.bucket).sourceKey(sourceKey)
                .destinationBucket(bucket).destinationKey(key)));
        return true;
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        return call("get " + key + " " + range, () -> client.getObject(b -> b.bucket(bucket).key(key).range(range)));
    }

    @Override
    public void putStream(String key, PartContent content) {
        call("put " + key, () -> client.putObject(b -> b.bucket(bucket).key(key).contentLength(content.length()),
                RequestBody.fromContentProvider(content::open, content.length(), "application/octet-stream")));
    }

    @Override
    public Optional<VersionedBytes> getVersioned(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = call("get " + key, () -> client.getObjectAsBytes(b -> b.bucket(bucket).key(key)));
            return Optional.of(new VersionedBytes(bytes.asByteArray(), bytes.response().eTag()));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, byte[] content) {
        call("put " + key, () -> client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content)));
    }

    @Override
    public boolean putIfVersion(String key, byte[] content, String expectedVersion) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key);
        if (expectedVersion == null) {
            request.ifNoneMatch("*");
        } else {
            request.ifMatch(expectedVersion);
        }
        try {
            client.putObject(request.build(), RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            if (expectedVersion != null && e.statusCode() == 404) {
                return false;
            }
            throw translate("conditional put " + key, e);
        } catch (SdkException e) {
            throw translate("conditional put " + key, e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> result = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call("list " + prefix, () -> client.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(pageEntries)
                    .continuationToken(continuation)));
            for (S3Object o : page.contents()) {
                result.add(new StoredObject(o.key(), o.size(), o.lastModified()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        result.sort(Comparator.comparing(StoredObject::key));
        return result;
    }

    @Override
    public void delete(String key) {
        try {
            call("delete " + key, () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchObjectException e) {
            // already gone: deletes are idempotent
        }
    }

    @Override
    public String createMultipartUpload(String key) {
        return call("create multipart upload " + key, () -> client.createMultipartUpload(b -> b.bucket(bucket).key(key))).uploadId();
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, PartContent content) {
        return call("upload part " + partNumber + " of " + key, () -> client.uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength(content.length()),
                // a stream provider opens the part again on a retry, so it is never held in memory
                RequestBody.fromContentProvider(content::open, content.length(), "application/octet-stream"))).eTag();
    }

    @Override
    public List<CompletedPart> listParts(String key, String uploadId) {
        List<CompletedPart> parts = new ArrayList<>();
        Integer marker = null;
        while (true) {
            Integer from = marker;
            ListPartsResponse page;
            try {
                page = call("list parts of " + key, () -> client.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId).maxParts(pageEntries)
                        .partNumberMarker(from)));
            } catch (NoSuchObjectException e) {
                throw new NoSuchUploadException("multipart upload " + uploadId + " of " + key + " no longer exists in " + description);
            }
            for (Part p : page.parts()) {
                parts.add(new CompletedPart(p.partNumber(), p.eTag(), p.size() == null ? -1 : p.size()));
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                if (parts.isEmpty() && !stillPending(key, uploadId)) {
                    throw new NoSuchUploadException("multipart upload " + uploadId + " of " + key + " no longer exists in " + description);
                }
                return parts;
            }
            marker = page.nextPartNumberMarker();
        }
    }

    /**
     * Some S3-compatible servers (S3Proxy) list no parts for a completed or aborted upload instead
     * of answering NoSuchUpload, so an empty listing is checked against the pending uploads. A
     * credential allowed to upload but not to list uploads (s3:ListBucketMultipartUploads) keeps
     * S3's own answer: AWS says NoSuchUpload itself, so nothing is lost there.
     */
    private boolean stillPending(String key, String uploadId) {
        try {
            return listMultipartUploads(key).stream().anyMatch(u -> u.key().equals(key) && u.uploadId().equals(uploadId));
        } catch (StoreUnavailableException e) {
            if (e.reason() != StoreUnavailableException.Reason.ACCESS_DENIED) {
                throw e;
            }
            return true;
        }
    }

    @Override
    public void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        List<software.amazon.awssdk.services.s3.model.CompletedPart> sdkParts = parts.stream()
                .sorted(Comparator.comparingInt(CompletedPart::partNumber))
                .map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build())
                .toList();
        try {
            call("complete multipart upload " + key, () -> client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(sdkParts).build())));
        } catch (NoSuchObjectException e) {
            throw new NoSuchUploadException("multipart upload " + uploadId + " of " + key + " no longer exists in " + description);
        }
    }

    @Override
    public List<PendingUpload> listMultipartUploads(String prefix) {
        List<PendingUpload> result = new ArrayList<>();
        String keyMarker = null;
        String uploadMarker = null;
        while (true) {
            String k = keyMarker;
            String u = uploadMarker;
            var page = call("list multipart uploads " + prefix, () -> client.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)
                    .maxUploads(pageEntries).keyMarker(k).uploadIdMarker(u)));
            page.uploads().forEach(up -> result.add(new PendingUpload(up.key(), up.uploadId(), up.initiated())));
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextKeyMarker() == null) {
                return result;
            }
            keyMarker = page.nextKeyMarker();
            uploadMarker = page.nextUploadIdMarker();
        }
    }

    @Override
    public int removeTemporaryFiles(String prefix, Instant before) {
        return 0;
    }

    @Override
    public void abortMultipartUpload(String key, String uploadId) {
        try {
            call("abort multipart upload " + key, () -> client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)));
        } catch (NoSuchObjectException e) {
            // nothing to abort
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T call(String what, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (SdkException e) {
            throw translate(what, e);
        } catch (UncheckedIOException e) {
            throw new ObjectStoreException(what + " in " + description + " failed: " + e.getMessage(), e);
        }
    }

    private ObjectStoreException translate(String what, SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return new NoSuchObjectException("object not found: " + what + " in " + description);
        }
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null ? "" : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            if ("NoSuchBucket".equals(code) || (status == 404 && what.startsWith("check bucket"))) {
                return new StoreUnavailableException(StoreUnavailableException.Reason.NO_SUCH_BUCKET,
                        "bucket '" + bucket + "' does not exist at " + description + "; create it or fix the storage URL", e);
            }
            if ("NoSuchUpload".equals(code) || status == 404) {
                return new NoSuchObjectException("not found: " + what + " in " + description + " (" + code + ")");
            }
            if (status == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code) || "AccessDenied".equals(code)) {
                return new StoreUnavailableException(StoreUnavailableException.Reason.ACCESS_DENIED,
                        "access denied by " + description + " (" + (code.isEmpty() ? "HTTP " + status : code)
                                + "); check the access key and secret", e);
            }
            return new ObjectStoreException(what + " in " + description + " failed: HTTP " + status + " " + code, e);
        }
        if (e instanceof SdkClientException) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            if (reason.contains("Unable to load credentials")) {
                return new StoreUnavailableException(StoreUnavailableException.Reason.ACCESS_DENIED,
                        "no S3 credentials for " + description + "; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or use minio://key:secret@host:port/bucket", e);
            }
            return new StoreUnavailableException(StoreUnavailableException.Reason.UNREACHABLE,
                    "cannot reach " + description + " (" + what + "): " + reason, e);
        }
        return new ObjectStoreException(what + " in " + description + " failed: " + e.getMessage(), e);
    }

}
