package dev.metasnap.jobs;

import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.RetentionPolicy;
import dev.metasnap.steps.backup.AcquireBackupLockTasklet;
import dev.metasnap.steps.backup.BackupLockReleaseListener;
import dev.metasnap.steps.prune.PlanPruneTasklet;
import dev.metasnap.steps.prune.PruneContextKeys;
import dev.metasnap.steps.prune.RemoveManifestEntriesTasklet;
import dev.metasnap.steps.prune.SnapshotObjectDeleter;
import dev.metasnap.steps.prune.RemoveUnreferencedSstsTasklet;
import dev.metasnap.steps.prune.SweepOrphansTasklet;
import dev.metasnap.steps.run.SnapshotIdReader;
import java.time.Instant;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The prune job, under the backup lock: fix the plan, remove the entries from the manifest,
 * delete their objects, sweep orphans. The steps that delete report to the runtime's progress
 * sink against totals they know before the first deletion.
 */
@Configuration(proxyBeanMethods = false)
public class PruneJobConfiguration {

    public static final String JOB_NAME = "prune";

    public static JobParameters parameters(BackupLocation location, RetentionPolicy policy) {
        return RunOwner.stamp(new JobParametersBuilder())
                .addString(JobParameterNames.BACKUP_URL, location.url().redacted())
                .addString(JobParameterNames.BACKUP_DIRECTORY, location.directory())
                .addString(JobParameterNames.PRUNE_POLICY, policy.describe())
                .addString(JobParameterNames.REQUESTED_AT, Instant.now().toString())
                .toJobParameters();
    }

    @Bean(JOB_NAME)
    public Job pruneJob(JobRepository jobRepository, MetasnapRuntime runtime, Step lockForPrune, Step planPrune,
                        Step removeManifestEntries, Step deleteSnapshotObjects, Step removeUnreferencedSsts, Step sweepOrphans) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(new RunOwner(jobRepository))
                .listener(new JobLogListener(runtime.home()))
                .listener(new BackupLockReleaseListener(runtime.connections(), runtime.workRoot()))
                .start(lockForPrune)
                .next(planPrune)
                .next(removeManifestEntries)
                .next(deleteSnapshotObjects)
                .next(removeUnreferencedSsts)
                .next(sweepOrphans)
                .build();
    }

    @Bean
    public Step lockForPrune(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("lockForPrune", jobRepository)
                .tasklet(new AcquireBackupLockTasklet(runtime.connections(), runtime.workRoot(), runtime.backup().lockTtl(),
                        runtime.repositoryId(), new JobRepositoryLockHolders(jobRepository, runtime.repositoryId())), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step planPrune(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("planPrune", jobRepository)
                .tasklet(new PlanPruneTasklet(runtime.connections(), runtime.workRoot()), tm)
                .listener(runtime.lockKeeper())
                .build();
    }

    @Bean
    public Step removeManifestEntries(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("removeManifestEntries", jobRepository)
                .tasklet(new RemoveManifestEntriesTasklet(runtime.connections(), runtime.workRoot()), tm)
                .listener(runtime.lockKeeper())
                .build();
    }

    @Bean
    public Step deleteSnapshotObjects(JobRepository jobRepository, PlatformTransactionManager tm,
                                      ItemStreamReader<Long> plannedSnapshotReader, ItemStreamWriter<Long> snapshotObjectDeleter,
                                      MetasnapRuntime runtime) {
        return new StepBuilder("deleteSnapshotObjects", jobRepository)
                .<Long, Long>chunk(1)
                .transactionManager(tm)
                .reader(plannedSnapshotReader)
                .writer(snapshotObjectDeleter)
                .startLimit(10)
                .listener(runtime.lockKeeper())
                .build();
    }

    @Bean
    @StepScope
    public ItemStreamReader<Long> plannedSnapshotReader(@Value("#{jobExecutionContext['" + PruneContextKeys.DELETE_IDS + "']}") String ids) {
        return new SnapshotIdReader(SnapshotIdReader.parse(ids));
    }

    @Bean
    @StepScope
    public ItemStreamWriter<Long> snapshotObjectDeleter(MetasnapRuntime runtime,
            @Value("#{jobParameters['" + JobParameterNames.BACKUP_URL + "']}") String url,
            @Value("#{jobParameters['" + JobParameterNames.BACKUP_DIRECTORY + "']}") String directory,
            @Value("#{jobExecutionContext['" + PruneContextKeys.DELETE_IDS + "']}") String ids,
            @Value("#{jobExecutionContext['" + PruneContextKeys.DELETE_OBJECT_BYTES + "']}") String objectBytes) {
        return new SnapshotObjectDeleter(() -> runtime.connections().backupStorage(url, directory), SnapshotIdReader.parse(ids), objectBytes,
                runtime.progress());
    }

    @Bean
    public Step removeUnreferencedSsts(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("removeUnreferencedSsts", jobRepository)
                .tasklet(new RemoveUnreferencedSstsTasklet(runtime.connections(), runtime.workRoot(), new JobRepositoryRestartableSnapshots(jobRepository),
                        runtime.progress()), tm)
                .listener(runtime.lockKeeper())
                .build();
    }

    @Bean
    public Step sweepOrphans(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("sweepOrphans", jobRepository)
                .tasklet(new SweepOrphansTasklet(runtime.connections(), runtime.workRoot(), new JobRepositoryRestartableSnapshots(jobRepository),
                        runtime.progress()), tm)
                .listener(runtime.lockKeeper())
                .build();
    }
}
