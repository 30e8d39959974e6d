package dev.metasnap.core.workdir;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoriesTest {

    @TempDir
    Path root;

    @Test
    void aTreeThatIsGoneOrGoingIsRemovedWithoutFailure() throws Exception {
        LocalDirectories.deleteTree(root.resolve("never-there"));
        for (int round = 0; round < 20; round++) {
            Path tree = root.resolve("upload-" + round);
            for (int d = 0; d < 20; d++) {
                Files.createDirectories(tree.resolve("d" + d));
                for (int f = 0; f < 10; f++) {
                    Files.writeString(tree.resolve("d" + d).resolve("part-" + f), "x");
                }
            }
            // two removers at once, as a completing upload and another host's abort on a shared location
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> removers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    removers.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        LocalDirectories.deleteTree(tree);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> r : removers) {
                    r.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertFalse(Files.exists(tree), "round " + round);
        }
    }
}
