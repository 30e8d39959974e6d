package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.jobs.MetasnapContext;
import dev.metasnap.jobs.MetasnapRuntime;
import dev.metasnap.jobs.RunOwner;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.connect.RuntimeSecrets;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.etcd.FaultInjectingEtcdGateway;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

@ExtendWith(RealServers.class)
class JobsCommandTest {

    private static final BackupSettings SMALL = new BackupSettings(2_000, 450_000, 500, 64 * 1024, 2, Duration.ofHours(1));

    @TempDir
    Path home;

    @TempDir
    Path storage;

    private Cli prepare(EtcdProcess etcd) throws Exception {
        Files.createDirectories(storage.resolve("b"));
        Cli cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint()).settings(SMALL);
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), 10000, "fs://" + storage.resolve("b"));
        return cli;
    }

    @Test
    void aFailedBackupIsShownAndRestartedToCompletion(EtcdProcess etcd) throws Exception {
        Cli cli = prepare(etcd);
        FaultInjectingEtcdGateway.Faults faults = new FaultInjectingEtcdGateway.Faults().failPagesAfter(2);
        Cli.Result failed = cli.gateways(FaultInjectingEtcdGateway.wrapping(EtcdGateways.real(), faults)).run("backup");
        assertEquals(ExitCodes.JOB_FAILED_RESTARTABLE, failed.exitCode(), failed::toString);
        assertTrue(failed.err().contains("in step exportMetaKeys"), failed.err());
        assertTrue(failed.err().contains("run 'metasnap jobs restart 1'"), failed.err());

        Cli.Result show = cli.run("jobs", "show", "1");
        assertTrue(show.out().contains("status: FAILED"), show.out());
        assertTrue(show.out().matches("(?s).*exportMetaKeys\\s+FAILED\\s+\\d+\\s+[1-9]\\d*\\s.*"), show.out());
        assertTrue(cli.run("jobs", "list").out().contains("backup     FAILED"));
        assertTrue(cli.run("jobs", "list", "--status", "failed", "--job", "backup", "--since", "1h").out().contains("backup     FAILED"));
        assertTrue(cli.run("jobs", "list", "--status", "COMPLETED").out().contains("(no job executions match)"));

        faults.heal();
        Cli.Result restarted = cli.run("jobs", "restart", "1");
        assertEquals(0, restarted.exitCode(), restarted::toString);
        assertTrue(restarted.out().contains("succeeded on restart"), restarted.out());
        assertTrue(cli.run("list").out().lines().anyMatch(l -> l.startsWith("1 ")));
        Cli.Result again = cli.run("jobs", "restart", "2");
        assertEquals(ExitCodes.PRECONDITION, again.exitCode(), again::toString);
    }

    @Test
    void aRunLeftStartedByAGoneProcessIsMarkedFailedAndRestarted(EtcdProcess etcd) throws Exception {
        Cli cli = prepare(etcd);
        FaultInjectingEtcdGateway.Faults faults = new FaultInjectingEtcdGateway.Faults().failPagesAfter(1);
        assertEquals(ExitCodes.JOB_FAILED_RESTARTABLE, cli.gateways(FaultInjectingEtcdGateway.wrapping(EtcdGateways.real(), faults)).run("backup").exitCode());
        faults.heal();

        // what a killed process leaves behind: STARTED rows owned by a pid that no longer exists
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        MetasnapRuntime runtime = new MetasnapRuntime(new Connections(EtcdGateways.real(), ObjectStores.real(), new RuntimeSecrets()),
                MetasnapRuntime.h2Url(home), home.resolve("work"), SMALL, RestoreSettings.defaults(), ProgressSink.none());
        try (var context = MetasnapContext.create(runtime)) {
            JobRepository repository = context.getBean(JobRepository.class);
            JobExecution execution = repository.getJobExecution(1L);
            execution.setStatus(BatchStatus.STARTED);
            execution.setEndTime(null);
            execution.getExecutionContext().putLong(RunOwner.PID, gone.pid());
            execution.getExecutionContext().putString(RunOwner.HOST, RunOwner.host());
            repository.update(execution);
            repository.updateExecutionContext(execution);
            for (StepExecution step : execution.getStepExecutions()) {
                if (step.getStatus() == BatchStatus.FAILED) {
                    step.setStatus(BatchStatus.STARTED);
                    repository.update(step);
                }
            }
        }
        assertTrue(cli.run("jobs", "list").out().contains("STARTED"));
        Cli.Result restarted = cli.run("jobs", "restart", "1");
        assertEquals(0, restarted.exitCode(), restarted::toString);
        assertTrue(restarted.err().contains("which is gone; marked it FAILED"), restarted.err());
    }

    @Test
    void aRunOfALiveProcessIsNotTouched(EtcdProcess etcd) throws Exception {
        Cli cli = prepare(etcd);
        FaultInjectingEtcdGateway.Faults faults = new FaultInjectingEtcdGateway.Faults().failPagesAfter(1);
        cli.gateways(FaultInjectingEtcdGateway.wrapping(EtcdGateways.real(), faults)).run("backup");
        MetasnapRuntime runtime = new MetasnapRuntime(new Connections(EtcdGateways.real(), ObjectStores.real(), new RuntimeSecrets()),
                MetasnapRuntime.h2Url(home), home.resolve("work"), SMALL, RestoreSettings.defaults(), ProgressSink.none());
        try (var context = MetasnapContext.create(runtime)) {
            JobRepository repository = context.getBean(JobRepository.class);
            JobExecution execution = repository.getJobExecution(1L);
            execution.setStatus(BatchStatus.STARTED);
            execution.setEndTime(null);
            execution.getExecutionContext().putLong(RunOwner.PID, ProcessHandle.current().pid());
            repository.update(execution);
            repository.updateExecutionContext(execution);
        }
        Cli.Result refused = cli.run("jobs", "abandon", "1");
        assertEquals(ExitCodes.PRECONDITION, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("which still runs"), refused.err());
    }
}
