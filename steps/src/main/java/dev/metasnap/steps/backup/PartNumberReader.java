package dev.metasnap.steps.backup;

import java.util.Iterator;
import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Hands out the numbers of the parts still to upload. Restart contract: none of its own; it
 * asks the {@link UploadSession}, which knows what the store already holds.
 */
public final class PartNumberReader implements ItemReader<Integer> {

    private final UploadSession session;
    private Iterator<Integer> remaining;

    public PartNumberReader(UploadSession session) {
        this.session = session;
    }

    @Override
    public Integer read() {
        if (remaining == null) {
            remaining = session.remainingParts().iterator();
        }
        return remaining.hasNext() ? remaining.next() : null;
    }
}
