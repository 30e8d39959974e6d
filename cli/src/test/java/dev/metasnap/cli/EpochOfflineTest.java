package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.core.format.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'epoch' converts with no etcd and no storage; an unreachable cluster costs one note, quickly. */
class EpochOfflineTest {

    /** RisingWave's own example: this epoch is 2022-12-28 11:08:56.918 UTC, as its SQL prints it. */
    private static final long EPOCH = 3_603_859_827_458_048L;

    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(home).env("METASNAP_ETCD_ENDPOINTS", "http://127.0.0.1:1");
    }

    @Test
    void anEpochIsConvertedWithoutACluster() {
        long started = System.nanoTime();
        Cli.Result r = cli().run("epoch", Long.toString(EPOCH));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("epoch " + EPOCH + " = 2022-12-28T11:08:56.918Z\n", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("note: no snapshot lookup ("), r.err());
        assertTrue(r.err().contains("--backup-storage-url"), r.err());
        assertTrue(millis < 5_000, "an unreachable etcd must not keep the operator waiting: " + millis + " ms");
    }

    @Test
    void offlineNeedsNoNetworkAtAll() {
        Cli.Result r = cli().run("epoch", Long.toString(EPOCH), "--offline");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("epoch " + EPOCH + " = 2022-12-28T11:08:56.918Z\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void atAcceptsIsoAndRisingWaveSqlFormsWithOrWithoutMilliseconds() {
        String[][] cases = {
            {"2022-12-28 11:08:56.918", Long.toString(EPOCH)},
            {"2022-12-28T11:08:56.918Z", Long.toString(EPOCH)},
            {"2022-12-28 11:08:56.918+00:00", Long.toString(EPOCH)},
            {"2022-12-28T13:08:56.918+02:00", Long.toString(EPOCH)},
            {"2022-12-28 11:08:56", "3603859767296000"},
            {"2022-12-28T11:08:56Z", "3603859767296000"},
        };
        for (String[] c : cases) {
            Cli.Result r = cli().run("epoch", "--offline", "--at", c[0]);
            assertEquals(0, r.exitCode(), c[0] + ": " + r);
            assertTrue(r.out().startsWith("epoch " + c[1] + " = "), c[0] + ": " + r.out());
        }
        for (String bad : new String[] {"yesterday", "2022-12-28", "28/12/2022 11:08:56", "2020-01-01 00:00:00"}) {
            Cli.Result r = cli().run("epoch", "--offline", "--at", bad);
            assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), bad + ": " + r);
            assertEquals(1, r.err().lines().count(), r.err());
        }
        assertEquals("error: timestamp 'yesterday' is not a UTC time such as 2026-11-25T02:19:16.686Z or 2022-12-28 11:08:56.918\n",
                cli().run("epoch", "--at", "yesterday").err());
    }

    @Test
    void jsonKeepsTheEpochA64BitInteger() throws Exception {
        Cli.Result r = cli().run("epoch", "--at", "2022-12-28 11:08:56.918", "--json", "--offline");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("\"epoch\" : " + EPOCH + ","), r.out());
        Map<?, ?> doc = Json.read(r.out().getBytes(), Map.class);
        assertEquals(EPOCH, ((Number) doc.get("epoch")).longValue());
        assertEquals("2022-12-28T11:08:56.918Z", doc.get("time"));
        assertTrue(!doc.containsKey("covering_snapshots"), "no lookup, no snapshot fields: " + r.out());
    }
}
