package dev.metasnap.steps.ssts;

import dev.metasnap.core.format.Json;
import dev.metasnap.core.hummock.HummockVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The SST object ids of the snapshot's version, ascending, for the copy step; nothing when the
 * run does not copy SSTs or already copied them for this version. Restart contract: resumes
 * after the last id of the last committed chunk.
 */
public final class SnapshotSstReader implements ItemStreamReader<Long> {

    static final String POSITION = "copy-ssts.position";
    /** The hummock revision the saved position belongs to: a re-captured snapshot has another SST list. */
    static final String REVISION = "copy-ssts.revision";

    private final boolean copy;
    private final String versionJson;
    private final long revision;
    private List<Long> ssts = List.of();
    private int position;

    public SnapshotSstReader(boolean copy, String versionJson, long revision) {
        this.copy = copy;
        this.versionJson = versionJson;
        this.revision = revision;
    }

    @Override
    public void open(ExecutionContext context) {
        if (!copy || context.containsKey(CopySstsListener.ALREADY_DONE)) {
            return;
        }
        try {
            ssts = Json.read(versionJson.getBytes(StandardCharsets.UTF_8), HummockVersion.class).ssts();
        } catch (IOException e) {
            throw new UncheckedIOException("the run's hummock version does not parse: " + e.getMessage(), e);
        }
        position = context.getLong(REVISION, -1) == revision ? context.getInt(POSITION, 0) : 0;
    }

    @Override
    public Long read() {
        return position < ssts.size() ? ssts.get(position++) : null;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(POSITION, position);
        context.putLong(REVISION, revision);
    }

    public int total() {
        return ssts.size();
    }
}
