package dev.metasnap.steps.run;

import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Hands out a fixed list of snapshot ids (to verify, or whose objects to delete). Restart contract: resumes after the last id of the
 * last committed chunk.
 */
public final class SnapshotIdReader implements ItemStreamReader<Long> {

    static final String POSITION = "snapshot-id-reader.position";

    private final List<Long> ids;
    private int position;

    public SnapshotIdReader(List<Long> ids) {
        this.ids = List.copyOf(ids);
    }

    /** Reads a comma-separated id list as the jobs keep it in their ExecutionContext. */
    public static List<Long> parse(String text) {
        return text == null || text.isBlank() ? List.of() : java.util.Arrays.stream(text.split(",")).map(Long::parseLong).toList();
    }

    /** How many ids earlier runs of the step handed out in committed chunks: where a restart resumes. */
    public static int committed(ExecutionContext stepContext) {
        return stepContext.getInt(POSITION, 0);
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
