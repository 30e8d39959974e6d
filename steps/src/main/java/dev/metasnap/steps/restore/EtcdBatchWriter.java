package dev.metasnap.steps.restore;

import dev.metasnap.config.RestoreSettings;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.steps.run.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Writes a chunk as etcd transactions within the server's limits (operations and bytes per
 * request), several in flight. Restart contract: puts are idempotent, so a chunk written again
 * after a crash leaves the same keys and values.
 */
public final class EtcdBatchWriter implements ItemStreamWriter<MetaEntry> {

    private final Supplier<EtcdGateway> connect;
    private final RestoreSettings settings;
    private EtcdGateway etcd;
    private ExecutorService pool;

    public EtcdBatchWriter(Supplier<EtcdGateway> connect, RestoreSettings settings) {
        this.connect = connect;
        this.settings = settings;
    }

    @Override
    public void open(ExecutionContext context) {
        etcd = connect.get();
        pool = Workers.pool(settings.inFlight(), "metasnap-etcd-write");
    }

    @Override
    public void write(Chunk<? extends MetaEntry> chunk) throws Exception {
        EtcdGateway gateway = etcd;
        List<Future<?>> writes = new ArrayList<>();
        for (List<MetaEntry> batch : batches(chunk.getItems(), settings)) {
            writes.add(pool.submit(() -> gateway.putAll(batch)));
        }
        Exception failure = null;
        for (Future<?> f : writes) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Splits entries into transactions of at most maxTxnOps operations and maxTxnBytes bytes. */
    static List<List<MetaEntry>> batches(List<? extends MetaEntry> entries, RestoreSettings settings) {
        int budget = settings.maxTxnBytes() - RestoreSettings.REQUEST_OVERHEAD_BYTES;
        List<List<MetaEntry>> batches = new ArrayList<>();
        List<MetaEntry> current = new ArrayList<>();
        int bytes = 0;
        for (MetaEntry e : entries) {
            int size = e.key().length + e.value().length + 16;
            if (!current.isEmpty() && (current.size() == settings.maxTxnOps() || bytes + size > budget)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(e);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
        if (etcd != null) {
            etcd.close();
            etcd = null;
        }
    }
}
