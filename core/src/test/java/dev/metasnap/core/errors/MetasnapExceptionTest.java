package dev.metasnap.core.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each of core's exceptions carries the exit code the README promises for its kind of failure. */
class MetasnapExceptionTest {

    @Test
    void theExitCodesHaveTheNumbersTheReadmeLists() {
        Map<ExitCode, Integer> readme = new EnumMap<>(ExitCode.class);
        readme.put(ExitCode.OK, 0);
        readme.put(ExitCode.INTERNAL, 1);
        readme.put(ExitCode.BAD_INPUT, 2);
        readme.put(ExitCode.JOB_FAILED_RESTARTABLE, 3);
        readme.put(ExitCode.PRECONDITION, 4);
        readme.put(ExitCode.VERIFICATION_FAILED, 5);
        readme.put(ExitCode.LOCK_HELD, 6);
        readme.put(ExitCode.UNAVAILABLE, 7);
        readme.put(ExitCode.STALE, 8);
        assertEquals(List.of(ExitCode.values()), List.copyOf(readme.keySet()), "every exit code is listed");
        readme.forEach((code, number) -> {
            assertEquals(number, code.code(), code::name);
            assertEquals(code, ExitCode.of(number), code::name);
        });
    }

    @Test
    void aNumberThatIsNoExitCodeIsRefusedByName() {
        for (int number : new int[] {-1, 9, 127}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExitCode.of(number));
            assertTrue(e.getMessage().contains("no exit code " + number), e::getMessage);
        }
    }

    @Test
    void eachExceptionCarriesTheCodeOfItsKind() {
        Map<MetasnapException, ExitCode> expected = new LinkedHashMap<>();
        expected.put(new PreconditionFailedException("no hummock checkpoint"), ExitCode.PRECONDITION);
        expected.put(new BackupNotConfiguredException("backup_storage_url is not set"), ExitCode.PRECONDITION);
        expected.put(new ManifestConflictException("manifest changed"), ExitCode.PRECONDITION);
        expected.put(new UnknownSnapshotException("no snapshot 9"), ExitCode.PRECONDITION);
        expected.put(new UnsupportedFormatException("format 9"), ExitCode.PRECONDITION);
        expected.put(new RestoreRefusedException("target not empty"), ExitCode.PRECONDITION);
        expected.put(new SnapshotCorruptException("block 3", "checksum mismatch"), ExitCode.VERIFICATION_FAILED);
        expected.put(new LockHeldException("held by run 7"), ExitCode.LOCK_HELD);
        expected.put(new LockLostException("lock taken over"), ExitCode.INTERNAL);
        expected.put(new HummockFormatException("truncated"), ExitCode.INTERNAL);
        expected.put(new HummockInconsistencyException("two deltas follow version 4"), ExitCode.INTERNAL);
        expected.put(new ObjectStoreException("put failed"), ExitCode.INTERNAL);
        expected.put(new ObjectStoreException("list failed", new IOException("disk")), ExitCode.INTERNAL);
        expected.put(new NoSuchObjectException("object not found"), ExitCode.INTERNAL);
        expected.put(new NoSuchUploadException("upload gone"), ExitCode.INTERNAL);
        expected.forEach((e, code) -> assertEquals(code, e.exitCode(), e.getClass().getSimpleName()));
    }

    @Test
    void anUnusableStoreIsAPreconditionOnlyWhenItsBucketIsMissing() {
        Map<StoreUnavailableException.Reason, ExitCode> expected = new EnumMap<>(StoreUnavailableException.Reason.class);
        expected.put(StoreUnavailableException.Reason.UNREACHABLE, ExitCode.UNAVAILABLE);
        expected.put(StoreUnavailableException.Reason.NO_SUCH_BUCKET, ExitCode.PRECONDITION);
        expected.put(StoreUnavailableException.Reason.ACCESS_DENIED, ExitCode.UNAVAILABLE);
        assertEquals(Arrays.asList(StoreUnavailableException.Reason.values()), List.copyOf(expected.keySet()), "every reason is decided");
        expected.forEach((reason, code) -> {
            StoreUnavailableException e = new StoreUnavailableException(reason, "store s3://b", new IOException("refused"));
            assertEquals(code, e.exitCode(), reason::name);
            assertEquals(reason, e.reason());
        });
    }

    @Test
    void etcdIsUnavailableWhenDownOrRefusingUsAndUnclassifiedOtherwise() {
        Map<EtcdAccessException.Reason, ExitCode> expected = new EnumMap<>(EtcdAccessException.Reason.class);
        expected.put(EtcdAccessException.Reason.UNAVAILABLE, ExitCode.UNAVAILABLE);
        expected.put(EtcdAccessException.Reason.AUTH_FAILED, ExitCode.UNAVAILABLE);
        expected.put(EtcdAccessException.Reason.PERMISSION_DENIED, ExitCode.UNAVAILABLE);
        expected.put(EtcdAccessException.Reason.REQUEST_TOO_LARGE, ExitCode.INTERNAL);
        expected.put(EtcdAccessException.Reason.COMPACTED, ExitCode.INTERNAL);
        expected.put(EtcdAccessException.Reason.OTHER, ExitCode.INTERNAL);
        assertEquals(Arrays.asList(EtcdAccessException.Reason.values()), List.copyOf(expected.keySet()), "every reason is decided");
        expected.forEach((reason, code) -> {
            EtcdAccessException e = new EtcdAccessException(reason, "etcd at http://127.0.0.1:2379", null);
            assertEquals(code, e.exitCode(), reason::name);
            assertEquals(reason, e.reason());
        });
    }
}
