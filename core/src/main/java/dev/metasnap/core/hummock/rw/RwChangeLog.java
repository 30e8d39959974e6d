package dev.metasnap.core.hummock.rw;

import java.util.List;

/** One {@code EpochNewChangeLog} of a table's change log (1.9+); its SSTs are pinned like level SSTs. */
public record RwChangeLog(List<RwSst> oldValue, List<RwSst> newValue, List<Long> epochs) {

    public RwChangeLog {
        oldValue = List.copyOf(oldValue);
        newValue = List.copyOf(newValue);
        epochs = List.copyOf(epochs);
    }

    long lastEpoch() {
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1);
    }
}
