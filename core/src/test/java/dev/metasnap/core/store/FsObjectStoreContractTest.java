package dev.metasnap.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ObjectStore} contract for a local directory ({@code fs://}). */
class FsObjectStoreContractTest extends ObjectStoreContract {

    @TempDir
    Path root;

    @Override
    ObjectStore store() {
        return FsObjectStore.open(root);
    }

    @Override
    ObjectStore storeWithoutBucket() {
        return FsObjectStore.open(root.resolve("no-such-directory"));
    }

    /** A write killed before its rename leaves its temporary file beside the target. */
    @Override
    int leaveInterruptedWrite(String key) {
        try {
            Path target = root.resolve(key);
            Files.createDirectories(target.getParent());
            Files.writeString(target.resolveSibling(target.getFileName() + ".0f0e-interrupted.metasnap-tmp"), "half");
            return 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
