package dev.metasnap.jobs;

import dev.metasnap.steps.restore.RestoreWorkFiles;
import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.steps.backup.KeyProgressListener;
import dev.metasnap.steps.restore.ClaimTargetTasklet;
import dev.metasnap.steps.restore.RestoreContextKeys;
import dev.metasnap.steps.restore.CopySstsToTargetTasklet;
import dev.metasnap.steps.restore.DownloadSnapshotTasklet;
import dev.metasnap.steps.restore.EtcdBatchWriter;
import dev.metasnap.steps.restore.FinishRestoreTasklet;
import dev.metasnap.steps.restore.OverwriteStorageParamsTasklet;
import dev.metasnap.steps.restore.PreflightRestoreTasklet;
import dev.metasnap.steps.restore.RaiseIdGeneratorsTasklet;
import dev.metasnap.steps.restore.RestoreProgressDecider;
import dev.metasnap.steps.restore.SnapshotEntryReader;
import dev.metasnap.steps.restore.VerifyRestoredTargetTasklet;
import dev.metasnap.steps.restore.WriteHummockManifestsTasklet;
import java.time.Instant;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.listener.StepListener;
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
 * The restore job: preflight (read-only), download and verify, claim the target with the
 * restore marker (the first write), write keys to etcd,
 * write the hummock manifests, optionally overwrite the storage params, verify the target,
 * finish (remove the marker). A restart on any host downloads the snapshot again if its local
 * copy is not there; one that finds the restore already finished only cleans up.
 */
@Configuration(proxyBeanMethods = false)
public class RestoreJobConfiguration {

    public static final String JOB_NAME = "restore";

    /** What one restore is asked to do; URLs are kept redacted in the job parameters. */
    public record Request(long snapshotId, String etcdEndpoints, String etcdUsername, String rootPrefix,
                          String backupUrl, String backupDirectory, String hummockUrl, String hummockDirectory,
                          boolean validateIntegrity, boolean overwrite, String overwriteBackupUrl, String overwriteBackupDirectory,
                          boolean replaceHummockState) {
    }

    public static JobParameters parameters(Request r) {
        return parameters(r, false);
    }

    /** @param copySsts copy the (self-contained) snapshot's SSTs from backup storage into the target hummock location */
    public static JobParameters parameters(Request r, boolean copySsts) {
        return RunOwner.stamp(new JobParametersBuilder())
                .addString(JobParameterNames.RESTORE_COPY_SSTS, Boolean.toString(copySsts))
                .addString(JobParameterNames.RESTORE_SNAPSHOT_ID, Long.toString(r.snapshotId()))
                .addString(JobParameterNames.ETCD_ENDPOINTS, r.etcdEndpoints())
                .addString(JobParameterNames.ETCD_USERNAME, r.etcdUsername() == null ? "" : r.etcdUsername())
                .addString(JobParameterNames.ROOT_PREFIX, r.rootPrefix())
                .addString(JobParameterNames.BACKUP_URL, r.backupUrl())
                .addString(JobParameterNames.BACKUP_DIRECTORY, r.backupDirectory())
                .addString(JobParameterNames.HUMMOCK_URL, r.hummockUrl())
                .addString(JobParameterNames.HUMMOCK_DIRECTORY, r.hummockDirectory())
                .addString(JobParameterNames.RESTORE_VALIDATE_INTEGRITY, Boolean.toString(r.validateIntegrity()))
                .addString(JobParameterNames.RESTORE_REPLACE_HUMMOCK_STATE, Boolean.toString(r.replaceHummockState()))
                .addString(JobParameterNames.RESTORE_OVERWRITE, Boolean.toString(r.overwrite()))
                .addString(JobParameterNames.RESTORE_OVERWRITE_BACKUP_URL, r.overwriteBackupUrl() == null ? "" : r.overwriteBackupUrl())
                .addString(JobParameterNames.RESTORE_OVERWRITE_BACKUP_DIRECTORY, r.overwriteBackupDirectory() == null ? "" : r.overwriteBackupDirectory())
                .addString(JobParameterNames.REQUESTED_AT, Instant.now().toString())
                .toJobParameters();
    }

    @Bean(JOB_NAME)
    public Job restoreJob(JobRepository jobRepository, MetasnapRuntime runtime, Step preflightRestore, Step downloadSnapshot, Step claimTarget,
                          Step writeMetaKeys, Step raiseIdGenerators, Step writeHummockManifests, Step copySstsToTarget, Step overwriteStorageParams,
                          Step verifyRestoredTarget, Step finishRestore) {
        RestoreProgressDecider progress = new RestoreProgressDecider();
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(new RunOwner(jobRepository))
                .listener(new JobLogListener(runtime.home()))
                .start(preflightRestore)
                .next(progress)
                .on(RestoreProgressDecider.RESTORE).to(downloadSnapshot)
                .next(claimTarget)
                .next(writeMetaKeys)
                .next(raiseIdGenerators)
                .next(writeHummockManifests)
                .next(copySstsToTarget)
                .next(overwriteStorageParams)
                .next(verifyRestoredTarget)
                .next(finishRestore)
                .from(progress).on(RestoreProgressDecider.FINISHED).to(finishRestore)
                .end()
                .build();
    }

    @Bean
    public Step preflightRestore(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("preflightRestore", jobRepository)
                .tasklet(new PreflightRestoreTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step downloadSnapshot(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("downloadSnapshot", jobRepository)
                .tasklet(new DownloadSnapshotTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step claimTarget(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("claimTarget", jobRepository)
                .tasklet(new ClaimTargetTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step writeMetaKeys(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime,
                              ItemStreamReader<MetaEntry> snapshotEntryReader, ItemStreamWriter<MetaEntry> etcdBatchWriter) {
        return new StepBuilder("writeMetaKeys", jobRepository)
                .<MetaEntry, MetaEntry>chunk(runtime.restore().chunkKeys())
                .transactionManager(tm)
                .reader(snapshotEntryReader)
                .writer(etcdBatchWriter)
                .listener((StepListener) KeyProgressListener.resuming(runtime.progress(), "restore", RestoreContextKeys.KEY_COUNT))
                .build();
    }

    @Bean
    @StepScope
    public ItemStreamReader<MetaEntry> snapshotEntryReader(MetasnapRuntime runtime,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") Long jobInstanceId) {
        return new SnapshotEntryReader(RestoreWorkFiles.snapshotFile(runtime.workRoot(), jobInstanceId));
    }

    @Bean
    @StepScope
    public ItemStreamWriter<MetaEntry> etcdBatchWriter(MetasnapRuntime runtime,
            @Value("#{jobParameters['" + JobParameterNames.ETCD_ENDPOINTS + "']}") String endpoints,
            @Value("#{jobParameters['" + JobParameterNames.ETCD_USERNAME + "']}") String username,
            @Value("#{jobParameters['" + JobParameterNames.ROOT_PREFIX + "']}") String rootPrefix) {
        RestoreSettings settings = runtime.restore();
        return new EtcdBatchWriter(() -> runtime.connections().etcd(endpoints, username, rootPrefix == null ? "" : rootPrefix), settings);
    }

    /** Re-runs after writeMetaKeys on every restart; keeps its first plan (see the tasklet). */
    @Bean
    public Step raiseIdGenerators(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("raiseIdGenerators", jobRepository)
                .tasklet(new RaiseIdGeneratorsTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step writeHummockManifests(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("writeHummockManifests", jobRepository)
                .tasklet(new WriteHummockManifestsTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .build();
    }

    /** With --copy-ssts; re-runs on every restart, copying only SSTs the target does not hold yet. */
    @Bean
    public Step copySstsToTarget(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("copySstsToTarget", jobRepository)
                .tasklet(new CopySstsToTargetTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step overwriteStorageParams(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("overwriteStorageParams", jobRepository)
                .tasklet(new OverwriteStorageParamsTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step verifyRestoredTarget(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("verifyRestoredTarget", jobRepository)
                .tasklet(new VerifyRestoredTargetTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step finishRestore(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("finishRestore", jobRepository)
                .tasklet(new FinishRestoreTasklet(runtime.connections(), runtime.workRoot()), tm)
                .build();
    }
}
