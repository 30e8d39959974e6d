package dev.metasnap.jobs;

import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.steps.verify.ReportVerificationTasklet;
import dev.metasnap.steps.verify.SelectSnapshotsTasklet;
import dev.metasnap.steps.run.SnapshotIdReader;
import dev.metasnap.steps.verify.SnapshotVerifyWriter;
import dev.metasnap.core.verify.CopiedSstCheck;
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

/** The verify job: select snapshots, deep-check each (outcome recorded in the manifest), report. */
@Configuration(proxyBeanMethods = false)
public class VerifyJobConfiguration {

    public static final String JOB_NAME = "verify";

    /** {@code ids} "all" or comma-separated; {@code hummock} null unless pinned SSTs are checked. */
    public static JobParameters parameters(BackupLocation location, String ids, HummockLocation hummock) {
        return parameters(location, ids, hummock, CopiedSstCheck.none());
    }

    public static JobParameters parameters(BackupLocation location, String ids, HummockLocation hummock, CopiedSstCheck ssts) {
        return RunOwner.stamp(new JobParametersBuilder())
                .addString(JobParameterNames.VERIFY_SSTS, ssts.parameter())
                .addString(JobParameterNames.BACKUP_URL, location.url().redacted())
                .addString(JobParameterNames.BACKUP_DIRECTORY, location.directory())
                .addString(JobParameterNames.VERIFY_SNAPSHOT_IDS, ids)
                .addString(JobParameterNames.VERIFY_VALIDATE_INTEGRITY, Boolean.toString(hummock != null))
                .addString(JobParameterNames.HUMMOCK_URL, hummock == null ? "" : hummock.url().redacted())
                .addString(JobParameterNames.HUMMOCK_DIRECTORY, hummock == null ? "" : hummock.directory())
                .addString(JobParameterNames.REQUESTED_AT, Instant.now().toString())
                .toJobParameters();
    }

    @Bean(JOB_NAME)
    public Job verifyJob(JobRepository jobRepository, MetasnapRuntime runtime, Step selectSnapshots, Step verifySnapshots, Step reportVerification) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(new RunOwner(jobRepository))
                .listener(new JobLogListener(runtime.home()))
                .start(selectSnapshots)
                .next(verifySnapshots)
                .next(reportVerification)
                .build();
    }

    @Bean
    public Step selectSnapshots(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("selectSnapshots", jobRepository)
                .tasklet(new SelectSnapshotsTasklet(runtime.connections(), runtime.workRoot()), tm)
                .build();
    }

    @Bean
    public Step verifySnapshots(JobRepository jobRepository, PlatformTransactionManager tm,
                                ItemStreamReader<Long> selectedSnapshotReader, ItemStreamWriter<Long> snapshotVerifyWriter) {
        return new StepBuilder("verifySnapshots", jobRepository)
                .<Long, Long>chunk(1)
                .transactionManager(tm)
                .reader(selectedSnapshotReader)
                .writer(snapshotVerifyWriter)
                .build();
    }

    @Bean
    @StepScope
    public ItemStreamReader<Long> selectedSnapshotReader(@Value("#{jobExecutionContext['" + SelectSnapshotsTasklet.SELECTED + "']}") String ids) {
        return new SnapshotIdReader(SnapshotIdReader.parse(ids));
    }

    @Bean
    @StepScope
    public ItemStreamWriter<Long> snapshotVerifyWriter(MetasnapRuntime runtime,
            @Value("#{jobParameters['" + JobParameterNames.BACKUP_URL + "']}") String url,
            @Value("#{jobParameters['" + JobParameterNames.BACKUP_DIRECTORY + "']}") String directory,
            @Value("#{jobParameters['" + JobParameterNames.VERIFY_VALIDATE_INTEGRITY + "']}") String validate,
            @Value("#{jobParameters['" + JobParameterNames.HUMMOCK_URL + "']}") String hummockUrl,
            @Value("#{jobParameters['" + JobParameterNames.HUMMOCK_DIRECTORY + "']}") String hummockDirectory,
            @Value("#{jobParameters['" + JobParameterNames.VERIFY_SSTS + "']}") String ssts,
            @Value("#{jobExecutionContext['" + SelectSnapshotsTasklet.SELECTED + "']}") String selected) {
        var connections = runtime.connections();
        return new SnapshotVerifyWriter(() -> connections.backupStorage(url, directory),
                Boolean.parseBoolean(validate)
                        ? () -> connections.hummockStorage(new HummockLocation(connections.resolve(hummockUrl), hummockDirectory))
                        : null, CopiedSstCheck.parse(ssts), runtime.progress(), SnapshotIdReader.parse(selected).size());
    }

    @Bean
    public Step reportVerification(JobRepository jobRepository, PlatformTransactionManager tm, MetasnapRuntime runtime) {
        return new StepBuilder("reportVerification", jobRepository)
                .tasklet(new ReportVerificationTasklet(runtime.connections(), runtime.workRoot()), tm)
                .allowStartIfComplete(true)
                .build();
    }
}
