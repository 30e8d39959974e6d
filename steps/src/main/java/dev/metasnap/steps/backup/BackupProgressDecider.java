package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.ManifestConflictException;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Decides, on every start and restart, where a backup run continues, from what is provably done
 * rather than from which steps ran: a snapshot already in the manifest is only finished off; an
 * object already complete in storage, or sealed work files on this host, go on to the upload
 * without reading etcd again, so the revision of the captured content can no longer change;
 * keys exported at the pinned revision go on to sealing; anything else (a first run, or work
 * files that are not on this host, e.g. a run taken over by another scheduler node) captures
 * the snapshot from etcd, resuming a partial export where its files allow.
 */
public final class BackupProgressDecider implements JobExecutionDecider {

    public static final String CAPTURE = "CAPTURE";
    public static final String SEAL = "SEAL";
    public static final String UPLOAD = "UPLOAD";
    public static final String COMMITTED = "COMMITTED";

    private static final Logger log = LoggerFactory.getLogger(BackupProgressDecider.class);

    private final Connections connections;
    private final Path workRoot;

    public BackupProgressDecider(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public FlowExecutionStatus decide(JobExecution jobExecution, StepExecution stepExecution) {
        return new FlowExecutionStatus(decide(new JobRun(jobExecution, workRoot)));
    }

    String decide(JobRun run) {
        ExecutionContext c = run.context();
        if (!c.containsKey(BackupContextKeys.SNAPSHOT_ID) || !c.containsKey(BackupContextKeys.REVISION)) {
            return CAPTURE;
        }
        String sha = c.containsKey(BackupContextKeys.SHA256) ? c.getString(BackupContextKeys.SHA256) : null;
        if (sha != null) {
            Optional<SnapshotMetadata> committed = run.openStorage(connections).readManifest().find(run.contextLong(BackupContextKeys.SNAPSHOT_ID));
            if (committed.isPresent()) {
                if (!committed.get().metasnapMade()) {
                    throw new ManifestConflictException("snapshot id " + run.contextLong(BackupContextKeys.SNAPSHOT_ID) + " is held by a snapshot"
                            + " RisingWave made itself (its own meta backup shares this location); abandon this run ('metasnap jobs abandon ID')"
                            + " and start a new backup");
                }
                if (!committed.get().sha256().equals(sha)) {
                    throw new ManifestConflictException("the manifest already holds a different snapshot " + run.contextLong(BackupContextKeys.SNAPSHOT_ID)
                            + " (SHA-256 " + committed.get().sha256() + ", this run sealed " + sha + "); abandon this run"
                            + " ('metasnap jobs abandon ID') and start a new backup");
                }
                log.info("snapshot {} is already committed to the manifest; finishing the run", run.contextLong(BackupContextKeys.SNAPSHOT_ID));
                return COMMITTED;
            }
            if (sha.equals(c.getString(BackupContextKeys.UPLOADED_SHA256, ""))) {
                return UPLOAD;
            }
            if (c.getLong(BackupContextKeys.SEALED_REVISION, -1) == run.contextLong(BackupContextKeys.REVISION)
                    && BackupWorkFiles.of(run).holdsSealedObject(c.getLong(BackupContextKeys.OBJECT_BYTES))) {
                return UPLOAD;
            }
        }
        if (c.getLong(BackupContextKeys.EXPORTED_REVISION, -1) == run.contextLong(BackupContextKeys.REVISION)
                && c.getLong(BackupContextKeys.HUMMOCK_REVISION, -1) == run.contextLong(BackupContextKeys.REVISION)
                && BackupWorkFiles.of(run).holdsExport(c.getLong(BackupContextKeys.EXPORTED_BYTES, -1))) {
            return SEAL;
        }
        if (sha != null || c.containsKey(BackupContextKeys.EXPORTED_REVISION)) {
            log.warn("the work files of snapshot {} are not complete on this host ({}); capturing the snapshot from etcd again",
                    run.contextLong(BackupContextKeys.SNAPSHOT_ID), BackupWorkFiles.of(run).directory());
        }
        return CAPTURE;
    }
}
