package dev.metasnap.steps.verify;

import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Hands out a fixed list of snapshot ids. Restart contract: resumes after the last id of the
 * last committed chunk.
 */
public final class SnapshotIdReader implements ItemStreamReader<Long> {

    static final String POSITION = "snapshot-id-reader.position";

    private final List<Long> ids;
    private int position;

    public SnapshotIdReader(List<Long> ids) {
        this.ids = List.copyOf(ids);
    }

    @Override
    public void open(ExecutionContext context) {
        position = context.getInt(POSITION, 0);
    }

    @Override
    public Long read() {
        return position < ids.size() ? ids.get(position++) : null;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(POSITION, position);
    }
}
