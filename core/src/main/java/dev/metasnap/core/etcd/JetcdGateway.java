package dev.metasnap.core.etcd;

import dev.metasnap.config.EtcdSettings;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.StatusRuntimeException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link EtcdGateway} over jetcd; every call waits at most the configured timeout. */
public final class JetcdGateway implements EtcdGateway {

    /** jetcd's default 4 MiB inbound limit is too small for large pages of big values. */
    private static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

    private final Client client;
    private final Duration timeout;
    private final String description;

    private JetcdGateway(Client client, Duration timeout, String description) {
        this.client = client;
        this.timeout = timeout;
        this.description = description;
    }

    public static JetcdGateway connect(EtcdSettings settings) {
        ClientBuilder builder = Client.builder()
                .endpoints(settings.endpoints())
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .connectTimeout(Duration.ofSeconds(3))
                .retryMaxDuration(settings.timeout())
                .retryMaxAttempts(3)
                .retryDelay(200)
                .retryMaxDelay(1000);
        if (settings.hasAuth()) {
            builder.user(bytes(settings.username()))
                    .password(ByteSequence.from(new String(settings.password()), StandardCharsets.UTF_8));
        }
        return new JetcdGateway(builder.build(), settings.timeout(), settings.toString());
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public long currentRevision() {
        GetResponse r = await("read the current revision",
                client.getKVClient().get(bytes("\0"), GetOption.builder().withLimit(1).withCountOnly(true).build()));
        return r.getHeader().getRevision();
    }

    @Override
    public KeyPage range(KeyRange range, long revision, int limit) {
        GetOption.Builder option = GetOption.builder().withRange(ByteSequence.from(range.end())).withLimit(limit);
        if (revision > 0) {
            option.withRevision(revision);
        }
        GetResponse r = await("read keys at revision " + revision, client.getKVClient().get(ByteSequence.from(range.start()), option.build()));
        List<MetaEntry> entries = new ArrayList<>(r.getKvs().size());
        for (KeyValue kv : r.getKvs()) {
            entries.add(new MetaEntry(kv.getKey().getBytes(), kv.getValue().getBytes(), kv.getLease()));
        }
        return new KeyPage(entries, r.isMore(), r.getHeader().getRevision());
    }

    @Override
    public long count(KeyRange range) {
        return await("count keys", client.getKVClient().get(ByteSequence.from(range.start()),
                GetOption.builder().withRange(ByteSequence.from(range.end())).withCountOnly(true).build())).getCount();
    }

    @Override
    public Optional<byte[]> get(String key) {
        GetResponse r = await("read " + key, client.getKVClient().get(bytes(key)));
        return r.getKvs().isEmpty() ? Optional.empty() : Optional.of(r.getKvs().get(0).getValue().getBytes());
    }

    @Override
    public void put(String key, byte[] value) {
        await("write " + key, client.getKVClient().put(bytes(key), ByteSequence.from(value)));
    }

    @Override
    public void putAll(List<MetaEntry> entries) {
        Op[] ops = entries.stream()
                .map(e -> (Op) Op.put(ByteSequence.from(e.key()), ByteSequence.from(e.value()), PutOption.DEFAULT))
                .toArray(Op[]::new);
        await("write " + entries.size() + " keys", client.getKVClient().txn().Then(ops).commit());
    }

    @Override
    public boolean putAllIfAbsent(List<MetaEntry> entries) {
        Cmp[] absent = entries.stream()
                .map(e -> new Cmp(ByteSequence.from(e.key()), Cmp.Op.EQUAL, CmpTarget.version(0)))
                .toArray(Cmp[]::new);
        Op[] ops = entries.stream()
                .map(e -> (Op) Op.put(ByteSequence.from(e.key()), ByteSequence.from(e.value()), PutOption.DEFAULT))
                .toArray(Op[]::new);
        TxnResponse r = await("write " + entries.size() + " keys", client.getKVClient().txn().If(absent).Then(ops).commit());
        return r.isSucceeded();
    }

    @Override
    public void delete(String key) {
        await("delete " + key, client.getKVClient().delete(bytes(key)));
    }

    @Override
    public long deleteRange(KeyRange range) {
        return await("delete a key range", client.getKVClient().delete(ByteSequence.from(range.start()),
                DeleteOption.builder().withRange(ByteSequence.from(range.end())).build())).getDeleted();
    }

    @Override
    public long grantLease(long ttlSeconds) {
        return await("grant a lease", client.getLeaseClient().grant(ttlSeconds)).getID();
    }

    @Override
    public void putWithLease(String key, byte[] value, long leaseId) {
        await("write " + key, client.getKVClient().put(bytes(key), ByteSequence.from(value), PutOption.builder().withLeaseId(leaseId).build()));
    }

    @Override
    public void keepAliveOnce(long leaseId) {
        await("renew lease " + leaseId, client.getLeaseClient().keepAliveOnce(leaseId));
    }

    @Override
    public void revokeLease(long leaseId) {
        await("revoke lease " + leaseId, client.getLeaseClient().revoke(leaseId));
    }

    @Override
    public void compact(long revision) {
        await("compact at " + revision, client.getKVClient().compact(revision));
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T await(String what, CompletableFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new EtcdAccessException(EtcdAccessException.Reason.OTHER, "interrupted while trying to " + what + " on " + description, e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new EtcdAccessException(EtcdAccessException.Reason.UNAVAILABLE,
                    "etcd did not answer within " + timeout.toSeconds() + "s (" + what + ") at " + description + "; check that etcd is running and --etcd-endpoints is right", e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause());
        }
    }

    private EtcdAccessException translate(String what, Throwable cause) {
        String message = cause == null ? "" : String.valueOf(cause.getMessage());
        ErrorCode code = null;
        if (cause instanceof EtcdException ee) {
            code = ee.getErrorCode();
        } else if (cause instanceof StatusRuntimeException sre) {
            code = java.util.Arrays.stream(ErrorCode.values())
                    .filter(c -> c.name().equals(sre.getStatus().getCode().name())).findFirst().orElse(null);
        }
        if (code != null) {
            switch (code) {
                case OUT_OF_RANGE:
                    return new EtcdAccessException(EtcdAccessException.Reason.COMPACTED,
                            "etcd compacted the revision needed to " + what + " at " + description, cause);
                case UNAUTHENTICATED:
                    return new EtcdAccessException(EtcdAccessException.Reason.AUTH_FAILED,
                            "etcd refused the credentials at " + description + "; check --etcd-username and the password file or METASNAP_ETCD_PASSWORD", cause);
                case PERMISSION_DENIED:
                    return new EtcdAccessException(EtcdAccessException.Reason.PERMISSION_DENIED,
                            "etcd user has no permission to " + what + " at " + description + "; grant the role read (or write) on the key range", cause);
                case UNAVAILABLE:
                case DEADLINE_EXCEEDED:
                    return new EtcdAccessException(EtcdAccessException.Reason.UNAVAILABLE,
                            "cannot reach etcd at " + description + " (" + firstLine(message) + "); check that etcd is running and --etcd-endpoints is right", cause);
                case RESOURCE_EXHAUSTED:
                case INVALID_ARGUMENT:
                    if (message.contains("too large") || message.contains("too many operations") || message.contains("exceeds")) {
                        return new EtcdAccessException(EtcdAccessException.Reason.REQUEST_TOO_LARGE,
                                "etcd refused a request as too large (" + what + "): " + firstLine(message), cause);
                    }
                    break;
                default:
                    break;
            }
            if (message.contains("authentication failed") || message.contains("invalid auth token") || message.contains("user name is empty")) {
                return new EtcdAccessException(EtcdAccessException.Reason.AUTH_FAILED,
                        "etcd refused the credentials at " + description + " (" + firstLine(message) + "); check --etcd-username and the password", cause);
            }
        }
        return new EtcdAccessException(EtcdAccessException.Reason.OTHER,
                "etcd failed to " + what + " at " + description + ": " + firstLine(message), cause);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
