package dev.metasnap.core.etcd;

import dev.metasnap.core.errors.ExitCode;
import dev.metasnap.core.errors.MetasnapException;

/** etcd refused or could not serve a request; the message names the endpoints and the next step. */
public class EtcdAccessException extends MetasnapException {

    /**
     * Why, and the exit code that follows from it: etcd down or refusing us is
     * {@link ExitCode#UNAVAILABLE}; the others are not classified, so a job run fails restartable.
     */
    public enum Reason {
        UNAVAILABLE(ExitCode.UNAVAILABLE),
        AUTH_FAILED(ExitCode.UNAVAILABLE),
        PERMISSION_DENIED(ExitCode.UNAVAILABLE),
        REQUEST_TOO_LARGE(ExitCode.INTERNAL),
        COMPACTED(ExitCode.INTERNAL),
        OTHER(ExitCode.INTERNAL);

        private final ExitCode exitCode;

        Reason(ExitCode exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Reason reason;

    public EtcdAccessException(Reason reason, String message, Throwable cause) {
        super(reason.exitCode, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
