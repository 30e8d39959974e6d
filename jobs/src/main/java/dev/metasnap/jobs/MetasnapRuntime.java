package dev.metasnap.jobs;

import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.steps.backup.BackupLockKeeper;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.connect.Connections;
import java.nio.file.Path;

/**
 * What one process hands to the jobs: its connections (with the secrets it was given), the
 * job repository URL, the local work directory, tuning and where progress goes.
 */
public record MetasnapRuntime(Connections connections, String jobRepositoryUrl, Path workRoot, BackupSettings backup,
                              RestoreSettings restore, ProgressSink progress) {

    /**
     * Names the job repository in lock objects, so another process can tell whether a lock's run
     * is recorded in its own repository: the H2 file with its host, or the database URL without
     * credentials.
     */
    public String repositoryId() {
        return repositoryId(jobRepositoryUrl);
    }

    public static String repositoryId(String jobRepositoryUrl) {
        String url = jobRepositoryUrl.split(";", 2)[0].split("\\?", 2)[0];
        return url.startsWith("jdbc:h2:file:") ? url + "@" + dev.metasnap.core.manifest.LockHolders.host() : url;
    }

    /** For each step after a run took the backup location's lock: confirms and renews it (see {@link BackupLockKeeper}). */
    public BackupLockKeeper lockKeeper() {
        return new BackupLockKeeper(connections, workRoot, backup.lockTtl());
    }

    /** The home directory: the parent of the work directory. */
    public Path home() {
        return workRoot.toAbsolutePath().getParent();
    }

    /**
     * The default H2 file repository under {@code home}; AUTO_SERVER lets several processes share
     * it, and AUTO_RECONNECT lets a command go on when the process that served the file to it
     * exits first (a prune beside a backup). WRITE_DELAY=0 makes H2 write every commit to the file before the commit returns (its
     * default delays writes by up to half a second), so a step's committed progress survives a
     * kill -9 of the process in the very next instant.
     */
    public static String h2Url(Path home) {
        return "jdbc:h2:file:" + home.resolve("jobs").toAbsolutePath() + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;WRITE_DELAY=0";
    }
}
