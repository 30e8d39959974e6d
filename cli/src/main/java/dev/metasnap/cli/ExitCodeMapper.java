package dev.metasnap.cli;

import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.core.errors.PreconditionFailedException;
import dev.metasnap.core.etcd.EtcdAccessException;
import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.manifest.LockHeldException;
import dev.metasnap.core.manifest.ManifestConflictException;
import dev.metasnap.core.manifest.UnknownSnapshotException;
import dev.metasnap.core.manifest.UnsupportedFormatException;
import dev.metasnap.core.params.BackupNotConfiguredException;
import dev.metasnap.core.restore.RestoreRefusedException;
import dev.metasnap.core.store.StoreUnavailableException;
import picocli.CommandLine;

/** The one place that turns an exception into an exit code. */
public final class ExitCodeMapper implements CommandLine.IExitCodeExceptionMapper {

    @Override
    public int getExitCode(Throwable exception) {
        return exitCode(exception);
    }

    public static int exitCode(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            int code = direct(t);
            if (code != ExitCodes.INTERNAL) {
                return code;
            }
        }
        return ExitCodes.INTERNAL;
    }

    private static int direct(Throwable t) {
        if (t instanceof JobFailedException j) {
            return j.exitCode();
        }
        if (t instanceof InvalidSettingException || t instanceof CommandLine.ParameterException) {
            return ExitCodes.BAD_INPUT;
        }
        if (t instanceof PreconditionException || t instanceof BackupNotConfiguredException || t instanceof ManifestConflictException
                || t instanceof RestoreRefusedException || t instanceof UnknownSnapshotException
                || t instanceof PreconditionFailedException || t instanceof UnsupportedFormatException) {
            return ExitCodes.PRECONDITION;
        }
        if (t instanceof StoreUnavailableException s) {
            return s.reason() == StoreUnavailableException.Reason.NO_SUCH_BUCKET ? ExitCodes.PRECONDITION : ExitCodes.UNAVAILABLE;
        }
        if (t instanceof EtcdAccessException e) {
            return switch (e.reason()) {
                case UNAVAILABLE, AUTH_FAILED, PERMISSION_DENIED -> ExitCodes.UNAVAILABLE;
                default -> ExitCodes.INTERNAL;
            };
        }
        if (t instanceof LockHeldException) {
            return ExitCodes.LOCK_HELD;
        }
        if (t instanceof SnapshotCorruptException) {
            return ExitCodes.VERIFICATION_FAILED;
        }
        return ExitCodes.INTERNAL;
    }

    /** The message an operator reads: the first cause that carries one of our own messages. */
    public static String message(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (direct(t) != ExitCodes.INTERNAL || t.getCause() == null) {
                String m = t.getMessage();
                return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
            }
        }
        return exception.toString();
    }
}
