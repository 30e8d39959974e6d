package dev.metasnap.steps.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class SavedUploadTest {

    @TempDir
    Path dir;

    @Test
    void aSavedUploadIsFoundInTheStepThenTheJobThenTheLocalFile() {
        Path file = dir.resolve("upload-id");
        ExecutionContext step = new ExecutionContext();
        ExecutionContext job = new ExecutionContext();
        assertEquals(Optional.empty(), SavedUpload.find(step, job, file));

        new SavedUpload("aaa", "upload-1").save(new ExecutionContext(), file);
        assertEquals(Optional.of(new SavedUpload("aaa", "upload-1")), SavedUpload.find(step, job, file), "a crash before the first commit");
        job.putString(BackupContextKeys.UPLOAD_ID, "bbb upload-2");
        assertEquals("upload-2", SavedUpload.find(step, job, file).orElseThrow().uploadId());
        new SavedUpload("ccc", "upload-3").keep(step, new ExecutionContext());
        assertEquals(new SavedUpload("ccc", "upload-3"), SavedUpload.find(step, job, file).orElseThrow());
    }

    @Test
    void anUploadCarriesOnlyTheContentItWasBegunFor() {
        SavedUpload saved = SavedUpload.parse("0123abcd some/upload id").orElseThrow();
        assertEquals("some/upload id", saved.uploadId(), "only the first space separates");
        assertTrue(saved.carries("0123abcd"));
        assertFalse(saved.carries("0123abce"));
        SavedUpload bare = SavedUpload.parse("bare-id").orElseThrow();
        assertEquals("bare-id", bare.uploadId(), "an id saved without its hash can still be aborted");
        assertFalse(bare.carries("0123abcd"));
        assertEquals(Optional.empty(), SavedUpload.parse(" "));
    }

    @Test
    void forgettingRemovesTheJobsRecordAndTheFile() throws Exception {
        Path file = dir.resolve("upload-id");
        ExecutionContext job = new ExecutionContext();
        SavedUpload saved = new SavedUpload("aaa", "upload-1");
        saved.save(job, file);
        assertEquals(Optional.of(saved), SavedUpload.recorded(job));
        assertEquals("aaa upload-1", Files.readString(file));
        SavedUpload.forget(job, file);
        assertEquals(Optional.empty(), SavedUpload.recorded(job));
        assertFalse(Files.exists(file));
    }

    @Test
    void partsCoverTheObjectWithAShorterLastOne() {
        PartLayout layout = new PartLayout(25, 10);
        assertEquals(3, layout.count());
        assertEquals(20, layout.offset(3));
        assertEquals(5, layout.length(3));
        assertEquals(2, new PartLayout(20, 10).count());
        assertEquals(1, new PartLayout(0, 10).count(), "an empty object is one empty part");
        assertEquals(0, new PartLayout(0, 10).length(1));
    }
}
