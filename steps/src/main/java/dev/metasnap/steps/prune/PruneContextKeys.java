package dev.metasnap.steps.prune;

/** Keys of the prune job's parameters and ExecutionContext. */
public final class PruneContextKeys {
    /** The fixed plan: comma-separated ids to delete (empty when none). */
    public static final String DELETE_IDS = "prune.delete-ids";
    /**
     * The object sizes the manifest recorded for the planned snapshots, comma-separated in the
     * order of {@link #DELETE_IDS}: for progress only, since the entries are gone from the
     * manifest before the objects are deleted. Plans made by older versions lack it.
     */
    public static final String DELETE_OBJECT_BYTES = "prune.delete-object-bytes";
    public static final String PINNED_BEFORE = "prune.pinned-ssts-before";
    public static final String PINNED_AFTER = "prune.pinned-ssts-after";
    public static final String ORPHANS = "prune.orphans-swept";
    public static final String SSTS_REMOVED = "prune.ssts-removed";

    private PruneContextKeys() {
    }
}
