package dev.metasnap.steps.ssts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.format.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** A resumed SST copy shows its counts from what earlier attempts did; one for another revision starts from nothing. */
class SstCopyWriterProgressTest {

    private final List<String> calls = new ArrayList<>();

    private final ProgressSink sink = new ProgressSink() {
        @Override
        public void report(String stage, long items, long bytes) {
            calls.add("report " + stage + " " + items + " " + bytes);
        }

        @Override
        public void begin(String stage, long items, long total, long bytes) {
            calls.add("begin " + stage + " " + items + "/" + total + " " + bytes);
        }
    };

    private SstCopyWriter writer(long revision) {
        return new SstCopyWriter(true, () -> null, null, () -> null, 2, 200, revision, "cluster", sink);
    }

    private static ExecutionContext savedAt(long revision) {
        ExecutionContext context = new ExecutionContext();
        context.putLong(SnapshotSstReader.REVISION, revision);
        context.putString(SstCopyWriter.TALLY, new String(Json.write(new SstCopyWriter.Tally(60, 6_000, 3, 300, List.of(7L))), StandardCharsets.UTF_8));
        return context;
    }

    @Test
    void aResumedCopyBeginsAtWhatEarlierAttemptsCounted() {
        writer(42).open(savedAt(42));
        assertEquals(List.of("begin " + SstCopyWriter.STAGE + " 64/200 6000"), calls, "60 copied + 3 shared + 1 missing, the bytes copied");
    }

    @Test
    void aTallyOfAnotherRevisionIsNotResumed() {
        writer(43).open(savedAt(42));
        assertEquals(List.of(), calls);
    }
}
