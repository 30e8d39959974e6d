package dev.metasnap.core.store;

/**
 * A store handed out by {@link dev.metasnap.core.connect.Connections}, which alone owns its
 * lifetime: closing this view does nothing, so a step can never close a store that another
 * step, a listener or its own error path still uses. The owner closes the real store once,
 * when the process (or its Spring context) ends.
 */
public final class SharedObjectStore extends ForwardingObjectStore {

    public SharedObjectStore(ObjectStore delegate) {
        super(delegate);
    }

    /** Closes the real store; only for the owner. */
    public void closeShared() {
        delegate().close();
    }

    /** Does nothing: the owner closes the real store. */
    @Override
    public void close() {
    }
}
