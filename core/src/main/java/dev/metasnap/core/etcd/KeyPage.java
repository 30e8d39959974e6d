package dev.metasnap.core.etcd;

import java.util.List;

/** One page of a range read; {@code more} tells whether keys follow the last one. */
public record KeyPage(List<MetaEntry> entries, boolean more, long revision) {
    public KeyPage {
        entries = List.copyOf(entries);
    }
}
