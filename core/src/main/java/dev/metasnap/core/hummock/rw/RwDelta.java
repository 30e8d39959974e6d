package dev.metasnap.core.hummock.rw;

import dev.metasnap.core.hummock.HummockLayout;
import dev.metasnap.core.hummock.proto.Hummock;

/** One {@code HummockVersionDelta} (a value of {@code cf/hummock_1}) as a link of the version chain. */
public final class RwDelta implements HummockLayout.Delta {

    private final Hummock.HummockVersionDelta message;

    public RwDelta(Hummock.HummockVersionDelta message) {
        this.message = message;
    }

    /** The delta as decoded, fields this build does not know included. */
    public Hummock.HummockVersionDelta message() {
        return message;
    }

    @Override
    public long id() {
        return message.getId();
    }

    @Override
    public long prevId() {
        return message.getPrevId();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RwDelta d && message.equals(d.message);
    }

    @Override
    public int hashCode() {
        return message.hashCode();
    }

    @Override
    public String toString() {
        return "RwDelta[id " + id() + ", prev " + prevId() + ", epoch " + Long.toUnsignedString(message.getMaxCommittedEpoch())
                + (message.getTrivialMove() ? ", trivial move" : "") + ", groups " + message.getGroupDeltasMap().keySet() + "]";
    }
}
