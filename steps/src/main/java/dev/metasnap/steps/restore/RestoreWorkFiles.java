package dev.metasnap.steps.restore;

import dev.metasnap.core.workdir.WorkFiles;
import dev.metasnap.steps.run.JobRun;
import java.nio.file.Path;

/** Where a restore keeps the snapshot it downloaded, under the home's work root. */
public final class RestoreWorkFiles {

    private RestoreWorkFiles() {
    }

    public static Path snapshotFile(Path workRoot, long jobInstanceId) {
        return WorkFiles.directory(workRoot, "restore", jobInstanceId).resolve("snapshot.bin");
    }

    public static Path snapshotFile(JobRun run) {
        return snapshotFile(run.workRoot(), run.jobInstanceId());
    }
}
