package dev.metasnap.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/** Overlap: a schedule that fires again while its run still goes is skipped, on Quartz's own worker threads. */
class FiringGuardTest {

    @Test
    void aScheduleThatFiresAgainWhileItsRunStillGoesIsSkippedAndRunsNeverOverlap() throws Exception {
        FiringGuard guard = new FiringGuard();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        int firings = 8;
        CountDownLatch done = new CountDownLatch(firings);
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", "overlap-test");
        quartz.setProperty("org.quartz.threadPool.threadCount", "4");
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        Scheduler scheduler = new StdSchedulerFactory(quartz).getScheduler();
        // every firing is a run of one schedule that takes longer than the interval between firings
        scheduler.setJobFactory((bundle, s) -> context -> {
            try {
                Optional<FiringGuard.Turn> turn = guard.tryEnter("prod", "backup");
                if (turn.isEmpty()) {
                    skipped.incrementAndGet();
                    return;
                }
                try (FiringGuard.Turn held = turn.get()) {
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    ran.incrementAndGet();
                    Thread.sleep(180);
                    inside.decrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        });
        try {
            scheduler.scheduleJob(JobBuilder.newJob(org.quartz.Job.class).withIdentity("prod.backup").build(),
                    TriggerBuilder.newTrigger().startNow().withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(50).withRepeatCount(firings - 1)).build());
            scheduler.start();
            assertTrue(done.await(20, TimeUnit.SECONDS), "all " + firings + " firings ended");
        } finally {
            scheduler.shutdown(true);
        }
        assertEquals(1, mostInside.get(), "two runs of the schedule overlapped");
        assertTrue(ran.get() >= 1 && skipped.get() >= 1, "ran " + ran + ", skipped " + skipped);
        assertEquals(firings, ran.get() + skipped.get());
    }

    @Test
    void anotherScheduleIsNotHeldUpAndAReleasedTurnCanBeTakenAgain() {
        FiringGuard guard = new FiringGuard();
        FiringGuard.Turn backup = guard.tryEnter("prod", "backup").orElseThrow();
        assertTrue(guard.tryEnter("prod", "prune").isPresent(), "another job of the cluster");
        assertTrue(guard.tryEnter("staging", "backup").isPresent(), "the same job of another cluster");
        backup.close();
        assertTrue(guard.tryEnter("prod", "backup").isPresent());
    }

    @Test
    void aRecoveryWaitsForTheRunHoldingTheTurnAndGivesUpAfterItsBound() throws Exception {
        FiringGuard guard = new FiringGuard();
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread run = new Thread(() -> {
            try (FiringGuard.Turn turn = guard.tryEnter("prod", "backup").orElseThrow()) {
                taken.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        run.start();
        assertTrue(taken.await(5, TimeUnit.SECONDS));
        assertFalse(guard.enterWithin("prod", "backup", Duration.ofMillis(100)).isPresent(), "the run still holds it past the wait");
        release.countDown();
        Optional<FiringGuard.Turn> after = guard.enterWithin("prod", "backup", Duration.ofSeconds(5));
        assertTrue(after.isPresent(), "the turn, once the run ended");
        after.get().close();
        run.join();
    }

    @Test
    void nothingIsStartedOnceTheDaemonStops() {
        FiringGuard guard = new FiringGuard();
        assertFalse(guard.stopping());
        guard.stop();
        assertTrue(guard.stopping());
    }
}
