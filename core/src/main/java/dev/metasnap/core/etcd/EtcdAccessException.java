package dev.metasnap.core.etcd;

/** etcd refused or could not serve a request; the message names the endpoints and the next step. */
public class EtcdAccessException extends RuntimeException {

    /** Why; the command line maps each to an exit code. */
    public enum Reason { UNAVAILABLE, AUTH_FAILED, PERMISSION_DENIED, REQUEST_TOO_LARGE, COMPACTED, OTHER }

    private final Reason reason;

    public EtcdAccessException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
