package dev.metasnap.steps.verify;

import dev.metasnap.core.verify.CopiedSstCheck;

/** Names of the verify job's parameters (the backup location keys are the backup job's). */
public final class VerifyJobParameters {
    /** Comma-separated snapshot ids, or "all". */
    public static final String SNAPSHOT_IDS = "verify.snapshot-ids";
    public static final String VALIDATE_INTEGRITY = "verify.validate-integrity";
    /** How copied SSTs are checked: see {@link CopiedSstCheck#parse}. */
    public static final String SSTS = "verify.ssts";
    public static final String HUMMOCK_URL = "hummock.url";
    public static final String HUMMOCK_DIRECTORY = "hummock.directory";

    private VerifyJobParameters() {
    }
}
