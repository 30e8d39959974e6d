package dev.metasnap.tools;

import dev.metasnap.cli.ExitCodes;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.StorageUrl;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.core.store.PartContent;
import dev.metasnap.core.store.StoredObject;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The baseline of scripts/bench-ssts.sh: a plain parallel copy of the same SST objects with the
 * same SDK and concurrency, one streaming get and put per object, nothing else (no index, no
 * digest, no restart state).
 */
@Command(name = BenchPlainCopyCommand.NAME, description = BenchPlainCopyCommand.DESCRIPTION)
final class BenchPlainCopyCommand implements Callable<Integer> {

    static final String NAME = "bench-plain-copy";
    static final String DESCRIPTION = "Copy SST objects with a plain parallel loop (SST copy benchmark baseline).";

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL") String from;
    @Option(names = "--from-directory", required = true, paramLabel = "DIR") String fromDirectory;
    @Option(names = "--to", required = true, paramLabel = "URL") String to;
    @Option(names = "--to-directory", required = true, paramLabel = "DIR") String toDirectory;
    @Option(names = "--ids", required = true, paramLabel = "FILE", description = "object ids, one per line") Path ids;
    @Option(names = "--concurrency", defaultValue = "4") int concurrency;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        HummockLocation source = HummockLocation.parse(from, fromDirectory);
        List<Long> objects = Files.readAllLines(ids).stream().map(String::strip).filter(l -> !l.isEmpty()).map(Long::parseLong).toList();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        long bytes = 0;
        try (ObjectStore in = ObjectStores.real().open(source.url()); ObjectStore outStore = ObjectStores.real().open(StorageUrl.parse(to))) {
            List<Future<Long>> copies = new ArrayList<>();
            for (long id : objects) {
                String key = HummockLayouts.RISINGWAVE.sstPath(source, id);
                copies.add(pool.submit(() -> {
                    long size = in.head(key).map(StoredObject::size).orElseThrow();
                    outStore.putStream(toDirectory + "/" + id + ".data", new PartContent() {
                        @Override
                        public long length() {
                            return size;
                        }

                        @Override
                        public InputStream open() {
                            return in.get(key);
                        }
                    });
                    return size;
                }));
            }
            for (Future<Long> f : copies) {
                bytes += f.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("plain copy: %d objects, %d bytes in %.2f s = %.1f MiB/s%n", objects.size(), bytes, seconds, bytes / 1048576.0 / seconds);
        return ExitCodes.OK;
    }
}
