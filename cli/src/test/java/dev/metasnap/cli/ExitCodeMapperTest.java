package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.core.errors.PreconditionFailedException;
import dev.metasnap.core.etcd.EtcdAccessException;
import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.hummock.HummockFormatException;
import dev.metasnap.core.hummock.HummockInconsistencyException;
import dev.metasnap.core.manifest.LockHeldException;
import dev.metasnap.core.manifest.LockLostException;
import dev.metasnap.core.manifest.ManifestConflictException;
import dev.metasnap.core.manifest.UnknownSnapshotException;
import dev.metasnap.core.manifest.UnsupportedFormatException;
import dev.metasnap.core.params.BackupNotConfiguredException;
import dev.metasnap.core.restore.RestoreRefusedException;
import dev.metasnap.core.store.NoSuchObjectException;
import dev.metasnap.core.store.NoSuchUploadException;
import dev.metasnap.core.store.ObjectStoreException;
import dev.metasnap.core.store.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every exception the command line can end with gets its documented exit code and its one-line message. */
class ExitCodeMapperTest {

    @Test
    void eachExceptionClassGetsItsExitCodeAndItsOwnMessage() {
        Map<Throwable, Integer> expected = new LinkedHashMap<>();
        expected.put(new CommandLine.ParameterException(new CommandLine(CommandLine.Model.CommandSpec.create()), "unknown option --x"),
                ExitCodes.BAD_INPUT);
        expected.put(new InvalidSettingException("malformed etcd endpoint 'x'"), ExitCodes.BAD_INPUT);
        expected.put(new PreconditionException("give --force"), ExitCodes.PRECONDITION);
        expected.put(new JobFailedException("backup job failed", ExitCodes.JOB_FAILED_RESTARTABLE), ExitCodes.JOB_FAILED_RESTARTABLE);
        expected.put(new JobFailedException("backup job failed: lock held", ExitCodes.LOCK_HELD), ExitCodes.LOCK_HELD);
        expected.put(new PreconditionFailedException("no hummock checkpoint"), ExitCodes.PRECONDITION);
        expected.put(new BackupNotConfiguredException("backup_storage_url is not set"), ExitCodes.PRECONDITION);
        expected.put(new ManifestConflictException("manifest changed"), ExitCodes.PRECONDITION);
        expected.put(new UnknownSnapshotException("no snapshot 9"), ExitCodes.PRECONDITION);
        expected.put(new UnsupportedFormatException("format 9"), ExitCodes.PRECONDITION);
        expected.put(new RestoreRefusedException("target not empty"), ExitCodes.PRECONDITION);
        expected.put(new SnapshotCorruptException("block 3", "checksum mismatch"), ExitCodes.VERIFICATION_FAILED);
        expected.put(new LockHeldException("held by run 7"), ExitCodes.LOCK_HELD);
        expected.put(new LockLostException("lock taken over"), ExitCodes.INTERNAL);
        expected.put(new HummockFormatException("truncated"), ExitCodes.INTERNAL);
        expected.put(new HummockInconsistencyException("two deltas follow version 4"), ExitCodes.INTERNAL);
        expected.put(new ObjectStoreException("put failed"), ExitCodes.INTERNAL);
        expected.put(new NoSuchObjectException("object not found"), ExitCodes.INTERNAL);
        expected.put(new NoSuchUploadException("upload gone"), ExitCodes.INTERNAL);
        expected.put(new StoreUnavailableException(StoreUnavailableException.Reason.UNREACHABLE, "store unreachable", null), ExitCodes.UNAVAILABLE);
        expected.put(new StoreUnavailableException(StoreUnavailableException.Reason.NO_SUCH_BUCKET, "no bucket b", null), ExitCodes.PRECONDITION);
        expected.put(new StoreUnavailableException(StoreUnavailableException.Reason.ACCESS_DENIED, "access denied", null), ExitCodes.UNAVAILABLE);
        expected.put(new EtcdAccessException(EtcdAccessException.Reason.UNAVAILABLE, "etcd down", null), ExitCodes.UNAVAILABLE);
        expected.put(new EtcdAccessException(EtcdAccessException.Reason.AUTH_FAILED, "wrong password", null), ExitCodes.UNAVAILABLE);
        expected.put(new EtcdAccessException(EtcdAccessException.Reason.PERMISSION_DENIED, "no read on /", null), ExitCodes.UNAVAILABLE);
        expected.put(new EtcdAccessException(EtcdAccessException.Reason.REQUEST_TOO_LARGE, "request too large", null), ExitCodes.INTERNAL);
        expected.put(new EtcdAccessException(EtcdAccessException.Reason.COMPACTED, "revision compacted", null), ExitCodes.INTERNAL);
        expected.put(new EtcdAccessException(EtcdAccessException.Reason.OTHER, "etcd failed", null), ExitCodes.INTERNAL);
        ExitCodeMapper picocliMapper = new ExitCodeMapper();
        expected.forEach((e, code) -> {
            String name = e.getClass().getSimpleName() + ": " + e.getMessage();
            assertEquals(code, ExitCodeMapper.exitCode(e), name);
            assertEquals(code, picocliMapper.getExitCode(e), name);
            assertEquals(e.getMessage(), ExitCodeMapper.message(e), name);
        });
    }

    @Test
    void theFirstClassifiedCauseDecidesCodeAndMessage() {
        RuntimeException wrapped = new RuntimeException("step failed", new IllegalStateException("tasklet", new LockHeldException("held by run 7")));
        assertEquals(ExitCodes.LOCK_HELD, ExitCodeMapper.exitCode(wrapped));
        assertEquals("held by run 7", ExitCodeMapper.message(wrapped));

        RuntimeException badSetting = new RuntimeException("converting", new InvalidSettingException("--max-age 'soon' is not a duration"));
        assertEquals(ExitCodes.BAD_INPUT, ExitCodeMapper.exitCode(badSetting));
        assertEquals("--max-age 'soon' is not a duration", ExitCodeMapper.message(badSetting));

        StoreUnavailableException outer = new StoreUnavailableException(StoreUnavailableException.Reason.UNREACHABLE, "store unreachable",
                new LockHeldException("held by run 7"));
        assertEquals(ExitCodes.UNAVAILABLE, ExitCodeMapper.exitCode(outer), "the outermost classified one wins");
        assertEquals("store unreachable", ExitCodeMapper.message(outer));
    }

    @Test
    void anUnclassifiedExceptionOfOursLetsItsCauseDecide() {
        ObjectStoreException storeFailure = new ObjectStoreException("head b/manifest failed",
                new StoreUnavailableException(StoreUnavailableException.Reason.NO_SUCH_BUCKET, "no bucket b", null));
        assertEquals(ExitCodes.PRECONDITION, ExitCodeMapper.exitCode(storeFailure));
        assertEquals("no bucket b", ExitCodeMapper.message(storeFailure));

        EtcdAccessException interrupted = new EtcdAccessException(EtcdAccessException.Reason.OTHER, "interrupted while reading",
                new RuntimeException("wrapper", new IOException("connection reset")));
        assertEquals(ExitCodes.INTERNAL, ExitCodeMapper.exitCode(interrupted));
        assertEquals("connection reset", ExitCodeMapper.message(interrupted), "an unexpected error shows its deepest cause");
    }

    @Test
    void theMessageIsOneLineAndNeverEmpty() {
        assertEquals("first line", ExitCodeMapper.message(new RestoreRefusedException("first line\nsecond line")));
        assertEquals("IllegalStateException", ExitCodeMapper.message(new RuntimeException("outer", new IllegalStateException())));
        assertEquals(ExitCodes.INTERNAL, ExitCodeMapper.exitCode(new UncheckedIOException(new IOException("disk full"))));
        assertEquals("disk full", ExitCodeMapper.message(new UncheckedIOException(new IOException("disk full"))));
    }
}
