package dev.metasnap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.connect.RuntimeSecrets;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.steps.run.JobParameterNames;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The rules 'jobs restart|abandon' and the scheduler share: which run left behind is taken over, and how a run is found. */
class JobRunsTest {

    @TempDir
    Path home;

    private ConfigurableApplicationContext context;
    private JobRepository repository;
    private JobRuns runs;

    @BeforeEach
    void repository() {
        context = MetasnapContext.create(new MetasnapRuntime(new Connections(EtcdGateways.real(), ObjectStores.real(), new RuntimeSecrets()),
                MetasnapRuntime.h2Url(home), home.resolve("work"), BackupSettings.defaults(), RestoreSettings.defaults(), ProgressSink.none()));
        repository = context.getBean(JobRepository.class);
        runs = JobRuns.of(context);
    }

    @AfterEach
    void close() {
        context.close();
    }

    /** A run as a process left it, owned by {@code pid} on {@code host} (as its launch parameters record), for {@code cluster}. */
    private JobExecution run(BatchStatus status, String host, long pid, String cluster, String requestedAt) {
        JobParameters parameters = new JobParametersBuilder()
                .addString(JobParameterNames.REQUESTED_AT, requestedAt)
                .addString(JobRuns.CLUSTER, cluster)
                .addString(RunOwner.HOST, host, false).addLong(RunOwner.PID, pid, false).addLong(RunOwner.STARTED, 0L, false)
                .toJobParameters();
        JobInstance instance = repository.createJobInstance("backup", parameters);
        return next(instance, parameters, status);
    }

    private JobExecution next(JobInstance instance, JobParameters parameters, BatchStatus status) {
        JobExecution execution = repository.createJobExecution(instance, parameters, new ExecutionContext());
        execution.setStartTime(LocalDateTime.now());
        execution.setStatus(status);
        if (!status.isRunning()) {
            execution.setEndTime(LocalDateTime.now());
        }
        repository.update(execution);
        return execution;
    }

    private static long deadPid() {
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        return pid;
    }

    private BatchStatus statusOf(JobExecution e) {
        return runs.find(e.getId()).orElseThrow().getStatus();
    }

    @Test
    void aRunWhoseProcessIsGoneFromThisHostIsMarkedFailed() {
        JobExecution left = run(BatchStatus.STARTED, RunOwner.host(), deadPid(), "prod", "t1");
        JobRuns.TakeOver outcome = runs.takeOver(left, JobRuns.Evidence.PROCESS_GONE, false);
        assertTrue(outcome instanceof JobRuns.TakeOver.MarkedFailed taken && taken.was() == BatchStatus.STARTED, outcome.toString());
        assertEquals(BatchStatus.FAILED, statusOf(left));
        assertTrue(runs.find(left.getId()).orElseThrow().getExitStatus().getExitDescription().startsWith("the process running this job (process "),
                runs.find(left.getId()).orElseThrow().getExitStatus().toString());
    }

    @Test
    void aRunOfAProcessAliveOnThisHostIsNeverTakenOverNotEvenForcedOrByTheScheduler() {
        JobExecution mine = run(BatchStatus.STARTED, RunOwner.host(), ProcessHandle.current().pid(), "prod", "t1");
        for (JobRuns.Evidence evidence : JobRuns.Evidence.values()) {
            assertTrue(runs.takeOver(mine, evidence, true) instanceof JobRuns.TakeOver.OwnerAlive, evidence.name());
        }
        assertEquals(BatchStatus.STARTED, statusOf(mine));
    }

    @Test
    void aRunOfAnotherHostNeedsForceFromACommandButNotFromTheSchedulerWhoseNodeStoppedCheckingIn() {
        JobExecution remote = run(BatchStatus.STARTED, "elsewhere.example", 42, "prod", "t1");
        assertTrue(runs.takeOver(remote, JobRuns.Evidence.PROCESS_GONE, false) instanceof JobRuns.TakeOver.OwnerUnchecked);
        assertEquals(BatchStatus.STARTED, statusOf(remote), "refused: untouched");
        assertTrue(runs.takeOver(remote, JobRuns.Evidence.PROCESS_GONE, true) instanceof JobRuns.TakeOver.MarkedFailed);
        assertEquals(BatchStatus.FAILED, statusOf(remote));

        JobExecution node = run(BatchStatus.STARTED, "node-b.example", 43, "prod", "t2");
        assertTrue(runs.takeOver(node, JobRuns.Evidence.NODE_STOPPED_CHECKING_IN, false) instanceof JobRuns.TakeOver.MarkedFailed);
        assertEquals("the scheduler node running it (process 43 on node-b.example) stopped checking in",
                runs.find(node.getId()).orElseThrow().getExitStatus().getExitDescription());
    }

    @Test
    void aRunThatEndedIsNotLeftBehind() {
        JobExecution failed = run(BatchStatus.FAILED, "elsewhere.example", 42, "prod", "t1");
        assertTrue(runs.takeOver(failed, JobRuns.Evidence.PROCESS_GONE, false) instanceof JobRuns.TakeOver.NotLeftBehind);
    }

    @Test
    void runningRunsAreFoundPerClusterAndALaunchByItsFireTime() {
        JobExecution prod = run(BatchStatus.STARTED, "elsewhere.example", 42, "prod", "2026-03-01T02:30:00Z");
        run(BatchStatus.COMPLETED, "elsewhere.example", 42, "staging", "2026-03-01T02:30:00Z");
        assertEquals(Optional.of(prod.getId()), runs.running("backup", "prod").map(JobExecution::getId));
        assertEquals(Optional.empty(), runs.running("backup", "staging"));
        assertTrue(runs.anyRunning(List.of("prune", "backup")));
        assertFalse(runs.anyRunning(List.of("prune", "verify")));
        assertTrue(runs.launched("backup", "staging", "2026-03-01T02:30:00Z", 10));
        assertFalse(runs.launched("backup", "staging", "2026-03-01T02:31:00Z", 10));
        assertFalse(runs.launched("backup", "dev", "2026-03-01T02:30:00Z", 10));
        assertEquals(Optional.empty(), runs.find(9_999));
    }

    @Test
    void aRestartedRunIsFollowedByItsRestartAndAnAbandonedOneStaysAbandoned() throws Exception {
        JobExecution first = run(BatchStatus.FAILED, "elsewhere.example", 42, "prod", "t1");
        assertEquals(Optional.empty(), runs.followedBy(first));
        JobExecution second = next(first.getJobInstance(), first.getJobParameters(), BatchStatus.FAILED);
        assertEquals(Optional.of(second.getId()), runs.followedBy(first).map(JobExecution::getId));
        assertEquals(Optional.empty(), runs.followedBy(second));
        assertEquals(BatchStatus.ABANDONED, runs.abandon(second));
        assertEquals(BatchStatus.ABANDONED, runs.abandon(runs.find(second.getId()).orElseThrow()), "abandoning twice changes nothing");
    }
}
