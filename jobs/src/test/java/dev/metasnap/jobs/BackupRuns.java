package dev.metasnap.jobs;

import dev.metasnap.config.BackupSettings;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.etcd.FaultInjectingEtcdGateway;
import dev.metasnap.core.store.FaultInjectingObjectStore;
import dev.metasnap.core.store.ObjectStores;
import java.nio.file.Path;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Starts and restarts backup jobs of one home directory, each in a new Spring context as a new
 * process would, through stores and gateways whose faults a test controls.
 */
final class BackupRuns {

    /** Small pages, blocks and parts: many chunks and parts from a small cluster, so failures land part-way. */
    static final BackupSettings SMALL = new BackupSettings(2_000, 450_000, 500, 64 * 1024, 4, java.time.Duration.ofHours(1));

    final FaultInjectingObjectStore.Faults storeFaults = new FaultInjectingObjectStore.Faults();
    final FaultInjectingEtcdGateway.Faults etcdFaults = new FaultInjectingEtcdGateway.Faults();
    private final Path home;

    BackupRuns(Path home) {
        this.home = home;
    }

    MetasnapRuntime runtime(TestCluster cluster, BackupSettings settings) {
        return cluster.runtime(home, FaultInjectingObjectStore.wrapping(ObjectStores.real(), storeFaults),
                FaultInjectingEtcdGateway.wrapping(EtcdGateways.real(), etcdFaults), settings);
    }

    JobExecution start(TestCluster cluster, BackupSettings settings) throws Exception {
        try (var context = MetasnapContext.create(runtime(cluster, settings))) {
            return context.getBean(JobOperator.class).start(context.getBean(BackupJobConfiguration.JOB_NAME, Job.class),
                    BackupJobConfiguration.parameters(cluster.etcdSettings(), cluster.backupLocation, "test run"));
        }
    }

    JobExecution restart(TestCluster cluster, BackupSettings settings, long executionId) throws Exception {
        try (var context = MetasnapContext.create(runtime(cluster, settings))) {
            return context.getBean(JobOperator.class).restart(context.getBean(JobRepository.class).getJobExecution(executionId));
        }
    }
}
