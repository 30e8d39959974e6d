package dev.metasnap.steps.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void aTaskAnswersItsResultOrItsOwnFailureAndIsCancelledWhenLate() throws Exception {
        ExecutorService pool = Workers.pool(2, "workers-test");
        try {
            assertEquals(7, Workers.await(pool.submit(() -> 7), Duration.ofSeconds(10), () -> new IllegalStateException("late")));
            IOException failure = new IOException("the store refused");
            assertSame(failure, assertThrows(IOException.class, () -> Workers.await(pool.submit(() -> {
                throw failure;
            }), Duration.ofSeconds(10), () -> new IllegalStateException("late"))), "as the task threw it, not wrapped");

            CountDownLatch never = new CountDownLatch(1);
            Future<Object> stuck = pool.submit(() -> {
                never.await();
                return null;
            });
            assertEquals("late", assertThrows(IllegalStateException.class,
                    () -> Workers.await(stuck, Duration.ofMillis(50), () -> new IllegalStateException("late"))).getMessage());
            assertTrue(stuck.isCancelled());
            assertTrue(pool.submit(() -> Thread.currentThread().isDaemon() && Thread.currentThread().getName().equals("workers-test")).get());
        } finally {
            pool.shutdownNow();
        }
    }
}
