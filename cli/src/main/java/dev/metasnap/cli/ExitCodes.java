package dev.metasnap.cli;

import dev.metasnap.core.errors.ExitCode;

/**
 * The numbers of {@link ExitCode} as compile-time constants, for what an enum's {@code code()}
 * cannot serve: switch labels and annotation texts. ExitCodesTest holds each equal to its ExitCode.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int BAD_INPUT = 2;
    public static final int JOB_FAILED_RESTARTABLE = 3;
    public static final int PRECONDITION = 4;
    public static final int VERIFICATION_FAILED = 5;
    public static final int LOCK_HELD = 6;
    public static final int UNAVAILABLE = 7;
    public static final int STALE = 8;

    private ExitCodes() {
    }
}
