package dev.metasnap.config;

/**
 * Tuning of the restore's etcd writes: operations and bytes per transaction (etcd's defaults
 * are 128 and 1.5 MiB; raise them only when the server's --max-txn-ops and
 * --max-request-bytes are raised too) and transactions in flight.
 */
public record RestoreSettings(int maxTxnOps, int maxTxnBytes, int inFlight) {

    /** Room left in a request for the transaction's own framing. */
    public static final int REQUEST_OVERHEAD_BYTES = 64 * 1024;

    public RestoreSettings {
        if (maxTxnOps < 1) {
            throw new InvalidSettingException("operations per etcd transaction must be >= 1: " + maxTxnOps);
        }
        if (maxTxnBytes < 2 * REQUEST_OVERHEAD_BYTES) {
            throw new InvalidSettingException("bytes per etcd transaction must be >= " + 2 * REQUEST_OVERHEAD_BYTES + ": " + maxTxnBytes);
        }
        if (inFlight < 1 || inFlight > 64) {
            throw new InvalidSettingException("transactions in flight must be within 1..64: " + inFlight);
        }
    }

    public static RestoreSettings defaults() {
        return new RestoreSettings(128, 1_572_864, 8);
    }

    /** Keys per chunk: several rounds of transactions, so the pipeline rarely drains at a commit. */
    public int chunkKeys() {
        return maxTxnOps * inFlight * 16;
    }
}
