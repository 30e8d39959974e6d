package dev.metasnap.jobs;

import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.steps.backup.AcquireBackupLockTasklet;
import dev.metasnap.steps.backup.BackupContextKeys;
import dev.metasnap.steps.backup.BackupLockReleaseListener;
import dev.metasnap.steps.backup.BackupProgressDecider;
import dev.metasnap.steps.backup.BackupWorkFiles;
import dev.metasnap.steps.backup.CommitManifestTasklet;
import dev.metasnap.steps.backup.CompleteUploadTasklet;
import dev.metasnap.steps.backup.CopyHummockManifestsTasklet;
import dev.metasnap.core.etcd.EtcdAccessException;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.hummock.HummockVersion;
import dev.metasnap.steps.ssts.CopySstsListener;
import dev.metasnap.steps.ssts.SnapshotSstReader;
import dev.metasnap.steps.ssts.SstCopyWriter;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.steps.backup.KeyProgressListener;
import dev.metasnap.steps.backup.ExportStateListener;
import dev.metasnap.steps.backup.MetaKeyRangeReader;
import dev.metasnap.steps.backup.PartNumberReader;
import dev.metasnap.steps.backup.PartUploadWriter;
import dev.metasnap.steps.backup.PinRevisionTasklet;
import dev.metasnap.steps.backup.SealSnapshotTasklet;
import dev.metasnap.steps.backup.SnapshotBlockWriter;
import dev.metasnap.core.format.SnapshotObjectSource;
import dev.metasnap.steps.backup.UploadSession;
import dev.metasnap.steps.backup.VerifyUploadedSnapshotTasklet;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.manifest.BackupStorage;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import java.time.Instant;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The backup job: lock, pin a revision, copy hummock manifests, export meta keys, seal, upload
 * (multipart), complete, verify, commit the manifest entry. After the lock,
 * {@link BackupProgressDecider} routes every start and restart by what is provably done, so
 * each step re-runs whenever the route reaches it (they all allow it) and recognises its own
 * finished work: a capture that completed is never redone against a newer revision, and work
 * files that only another host had are captured again. Each step's restart contract is on its
 * tasklet, reader or writer.
 */
@Configuration(proxyBeanMethods = false)
public class BackupJobConfiguration {

    public static final String JOB_NAME = "backup";
    /** The parameter that makes each launch a new job instance; the scheduler sets it to the fire time. */
    public static final String REQUESTED_AT = JobParameterNames.REQUESTED_AT;
    /** With SST copies: record SSTs the cluster deleted before they were copied as missing. */
    public static final String MISSING_MARK = JobParameterNames.MISSING_MARK;
    /** With SST copies: fail the run when the cluster deleted an SST before it was copied. */
    public static final String MISSING_FAIL = JobParameterNames.MISSING_FAIL;

    /** The parameters of one backup launch; secrets stay out (the URL is redacted, the password is not here). */
    public static JobParameters parameters(EtcdSettings etcd, BackupLocation location, String remarks) {
        return parameters(etcd, location, remarks, "");
    }

    /** @param copySsts "" for a snapshot that pins its SSTs, or {@link #MISSING_MARK} / {@link #MISSING_FAIL} to copy them */
    public static JobParameters parameters(EtcdSettings etcd, BackupLocation location, String remarks, String copySsts) {
        return RunOwner.stamp(new JobParametersBuilder())
                .addString(JobParameterNames.BACKUP_COPY_SSTS, copySsts == null ? "" : copySsts)
                .addString(JobParameterNames.ETCD_ENDPOINTS, etcd.endpointsText())
                .addString(JobParameterNames.ETCD_USERNAME, etcd.username() == null ? "" : etcd.username())
                .addString(JobParameterNames.ROOT_PREFIX, etcd.rootPrefix())
                .addString(JobParameterNames.BACKUP_URL, location.url().redacted())
                .addString(JobParameterNames.BACKUP_DIRECTORY, location.directory())
                .addString(JobParameterNames.REMARKS, remarks == null ? "" : remarks)
                .addString(JobParameterNames.REQUESTED_AT, Instant.now().toString())
                .toJobParameters();
    }

    @Bean(JOB_NAME)
    public Job backupJob(JobRepository jobRepository, MetasnapRuntime runtime,
                         Step acquireBackupLock, Step pinRevision, Step copyHummockManifests, Step exportMetaKeys,
                         Step sealSnapshot, Step uploadSnapshot, Step completeUpload, Step verifySnapshot, Step copySsts, Step commitManifest) {
        BackupProgressDecider progress = new BackupProgressDecider(runtime.connections(), runtime.workRoot());
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(new RunOwner(jobRepository))
                .listener(new JobLogListener(runtime.home()))
                .listener(new BackupLockReleaseListener(runtime.connections(), runtime.workRoot()))
                .start(acquireBackupLock)
                .next(progress)
                .on(BackupProgressDecider.CAPTURE).to(pinRevision)
                .next(copyHummockManifests)
                .next(exportMetaKeys)
                .next(sealSnapshot)
                .next(uploadSnapshot)
                .next(completeUpload)
                .next(verifySnapshot)
                .next(copySsts)
                .next(commitManifest)
                .from(progress).on(BackupProgressDecider.SEAL).to(sealSnapshot)
                .from(progress).on(BackupProgressDecider.UPLOAD).to(uploadSnapshot)
                .from(progress).on(BackupProgressDecider.COMMITTED).to(commitManifest)
                .end()
                .build();
    }

    @Bean
    public Step acquireBackupLock(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("acquireBackupLock", jobRepository)
                .tasklet(new AcquireBackupLockTasklet(runtime.connections(), runtime.workRoot(), runtime.backup().lockTtl(),
                        runtime.repositoryId(), new JobRepositoryLockHolders(jobRepository, runtime.repositoryId())), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step pinRevision(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("pinRevision", jobRepository)
                .tasklet(new PinRevisionTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .listener(runtime.lockKeeper())
                .build();
    }

    @Bean
    public Step copyHummockManifests(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("copyHummockManifests", jobRepository)
                .tasklet(new CopyHummockManifestsTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .listener(runtime.lockKeeper())
                .build();
    }

    @Bean
    public Step exportMetaKeys(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime,
                               ItemStreamReader<MetaEntry> metaKeyRangeReader, ItemStreamWriter<MetaEntry> snapshotBlockWriter) {
        return new StepBuilder("exportMetaKeys", jobRepository)
                .<MetaEntry, MetaEntry>chunk(runtime.backup().blockKeys())
                .transactionManager(tm)
                .reader(metaKeyRangeReader)
                .writer(snapshotBlockWriter)
                .listener(new KeyProgressListener(runtime.progress(), "export", null))
                .listener(new ExportStateListener(runtime.workRoot()))
                .allowStartIfComplete(true)
                .listener(runtime.lockKeeper())
                .build();
    }

    @Bean
    @StepScope
    public ItemStreamReader<MetaEntry> metaKeyRangeReader(MetasnapRuntime runtime,
            @Value("#{jobParameters['" + JobParameterNames.ETCD_ENDPOINTS + "']}") String endpoints,
            @Value("#{jobParameters['" + JobParameterNames.ETCD_USERNAME + "']}") String username,
            @Value("#{jobParameters['" + JobParameterNames.ROOT_PREFIX + "']}") String rootPrefix,
            @Value("#{jobExecutionContext['" + BackupContextKeys.REVISION + "']}") Long revision) {
        String prefix = rootPrefix == null ? "" : rootPrefix;
        return new MetaKeyRangeReader(() -> runtime.connections().etcd(endpoints, username, prefix),
                KeyRange.prefix(prefix), revision, runtime.backup().pageKeys(), runtime.backup().pageBytes());
    }

    @Bean
    @StepScope
    public ItemStreamWriter<MetaEntry> snapshotBlockWriter(MetasnapRuntime runtime,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") Long jobInstanceId,
            @Value("#{jobExecutionContext['" + BackupContextKeys.REVISION + "']}") Long revision) {
        return new SnapshotBlockWriter(BackupWorkFiles.of(runtime.workRoot(), jobInstanceId).kvFrames(), revision);
    }

    @Bean
    public Step sealSnapshot(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("sealSnapshot", jobRepository)
                .tasklet(new SealSnapshotTasklet(runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .listener(runtime.lockKeeper())
                .build();
    }

    @Bean
    public Step uploadSnapshot(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime,
                               UploadSession uploadSession, ItemReader<Integer> partNumberReader,
                               ItemStreamWriter<Integer> partUploadWriter) {
        return new StepBuilder("uploadSnapshot", jobRepository)
                .<Integer, Integer>chunk(runtime.backup().uploadConcurrency())
                .transactionManager(tm)
                .reader(partNumberReader)
                .writer(partUploadWriter)
                .stream(uploadSession)
                .allowStartIfComplete(true)
                .listener(runtime.lockKeeper())
                .build();
    }

    @Bean
    @StepScope
    public UploadSession uploadSession(MetasnapRuntime runtime,
            @Value("#{stepExecution}") StepExecution stepExecution,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") Long jobInstanceId,
            @Value("#{jobParameters['" + JobParameterNames.BACKUP_URL + "']}") String url,
            @Value("#{jobParameters['" + JobParameterNames.BACKUP_DIRECTORY + "']}") String directory,
            @Value("#{jobExecutionContext['" + BackupContextKeys.SNAPSHOT_ID + "']}") Long snapshotId,
            @Value("#{jobExecutionContext['" + BackupContextKeys.SHA256 + "']}") String sha256,
            @Value("#{jobExecutionContext['" + BackupContextKeys.OBJECT_BYTES + "']}") Long objectBytes) {
        return new UploadSession(() -> runtime.connections().backupStorage(url, directory),
                stepExecution.getJobExecution().getExecutionContext(), BackupWorkFiles.of(runtime.workRoot(), jobInstanceId).uploadId(),
                BackupStorage.snapshotKey(directory, snapshotId), sha256, objectBytes, runtime.backup().partBytes());
    }

    @Bean
    @StepScope
    public ItemReader<Integer> partNumberReader(UploadSession uploadSession) {
        return new PartNumberReader(uploadSession);
    }

    @Bean
    @StepScope
    public ItemStreamWriter<Integer> partUploadWriter(MetasnapRuntime runtime, UploadSession uploadSession,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") Long jobInstanceId) {
        BackupWorkFiles files = BackupWorkFiles.of(runtime.workRoot(), jobInstanceId);
        return new PartUploadWriter(uploadSession, new SnapshotObjectSource(files.objectParts()), runtime.backup().uploadConcurrency());
    }

    @Bean
    public Step completeUpload(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("completeUpload", jobRepository)
                .tasklet(new CompleteUploadTasklet(runtime.connections(), runtime.workRoot(), runtime.backup().partBytes()), tm)
                .allowStartIfComplete(true)
                .listener(runtime.lockKeeper())
                .build();
    }

    @Bean
    public Step verifySnapshot(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("verifySnapshot", jobRepository)
                .tasklet(new VerifyUploadedSnapshotTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .listener(runtime.lockKeeper())
                .build();
    }

    /**
     * Copies the snapshot's SSTs into backup storage when the run asks for it (a no-op otherwise).
     * Re-runs on every restart before the commit; resumes after its last committed chunk, and
     * does nothing when the copy for the run's hummock revision is already done.
     */
    @Bean
    public Step copySsts(JobRepository jobRepository, PlatformTransactionManager tm, ItemStreamReader<Long> snapshotSstReader,
                         ItemStreamWriter<Long> sstCopyWriter, MetasnapRuntime runtime) {
        return new StepBuilder("copySsts", jobRepository)
                .<Long, Long>chunk(SST_CHUNK)
                .transactionManager(tm)
                .reader(snapshotSstReader)
                .writer(sstCopyWriter)
                .listener(new CopySstsListener(jobRepository))
                .allowStartIfComplete(true)
                .listener(runtime.lockKeeper())
                .build();
    }

    /** SSTs per chunk: each chunk ends with one write of the SST index. */
    static final int SST_CHUNK = 64;

    @Bean
    @StepScope
    public ItemStreamReader<Long> snapshotSstReader(
            @Value("#{jobParameters['" + JobParameterNames.BACKUP_COPY_SSTS + "']}") String copySsts,
            @Value("#{jobExecutionContext['" + BackupContextKeys.HUMMOCK_VERSION + "']}") String version,
            @Value("#{jobExecutionContext['" + BackupContextKeys.HUMMOCK_REVISION + "']}") Long hummockRevision) {
        return new SnapshotSstReader(copySsts != null && !copySsts.isEmpty(), version, hummockRevision);
    }

    @Bean
    @StepScope
    public ItemStreamWriter<Long> sstCopyWriter(MetasnapRuntime runtime,
            @Value("#{jobParameters['" + JobParameterNames.BACKUP_COPY_SSTS + "']}") String copySsts,
            @Value("#{jobParameters['" + JobParameterNames.ETCD_ENDPOINTS + "']}") String endpoints,
            @Value("#{jobParameters['" + JobParameterNames.ETCD_USERNAME + "']}") String username,
            @Value("#{jobParameters['" + JobParameterNames.ROOT_PREFIX + "']}") String rootPrefix,
            @Value("#{jobParameters['" + JobParameterNames.BACKUP_URL + "']}") String url,
            @Value("#{jobParameters['" + JobParameterNames.BACKUP_DIRECTORY + "']}") String directory,
            @Value("#{jobExecutionContext['" + BackupContextKeys.REVISION + "']}") Long revision,
            @Value("#{jobExecutionContext['" + BackupContextKeys.HUMMOCK_VERSION + "']}") String versionJson,
            @Value("#{jobExecutionContext['" + BackupContextKeys.HUMMOCK_REVISION + "']}") Long hummockRevision,
            @Value("#{jobExecutionContext['" + BackupContextKeys.CLUSTER_ID + "']}") String clusterId) throws Exception {
        String prefix = rootPrefix == null ? "" : rootPrefix;
        HummockVersion version = Json.read(versionJson.getBytes(java.nio.charset.StandardCharsets.UTF_8), HummockVersion.class);
        return new SstCopyWriter(copySsts != null && !copySsts.isEmpty(), () -> {
            try (EtcdGateway etcd = runtime.connections().etcd(endpoints, username, prefix)) {
                try {
                    return runtime.connections().hummockStorage(CopyHummockManifestsTasklet.hummockLocation(etcd, prefix, revision));
                } catch (EtcdAccessException e) {
                    if (e.reason() != EtcdAccessException.Reason.COMPACTED) {
                        throw e;
                    }
                    // a restart long after the pin: the location as it is now (it rarely moves)
                    return runtime.connections().hummockStorage(CopyHummockManifestsTasklet.hummockLocation(etcd, prefix, etcd.currentRevision()));
                }
            }
        }, HummockLayouts.named(version.layout()), () -> new SstStore(runtime.connections().backupStorage(url, directory)),
                runtime.backup().uploadConcurrency(), version.ssts().size(), hummockRevision, clusterId,
                runtime.progress());
    }

    @Bean
    public Step commitManifest(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("commitManifest", jobRepository)
                .tasklet(new CommitManifestTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .listener(runtime.lockKeeper())
                .build();
    }
}
