package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The read commands and backup on a location holding a manifest.json as RisingWave v1.10 writes it (no snapshot objects needed). */
@ExtendWith(RealServers.class)
class RisingWaveManifestCliTest {

    static final String MANIFEST = "{\"manifest_id\":20,\"rw_later\":1,\"snapshot_metadata\":[{\"id\":3,\"hummock_version_id\":40,\"ssts\":[12,11],"
            + "\"max_committed_epoch\":9007199254740993,\"safe_epoch\":9007199254740000,\"format_version\":1,\"remarks\":null,"
            + "\"state_table_info\":{\"1001\":{\"committedEpoch\":\"9007199254740993\",\"safeEpoch\":\"5\"}},\"rw_version\":\"1.10.0\",\"rw_entry_later\":[1]}]}";

    @TempDir
    Path home;

    @TempDir
    Path storage;

    private String[] at(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--backup-storage-url", "fs://" + storage, "--backup-storage-directory", "backup"}, 0, all, args.length, 4);
        return all;
    }

    private Path manifest() throws Exception {
        Files.createDirectories(storage.resolve("backup"));
        return Files.writeString(storage.resolve("backup/manifest.json"), MANIFEST);
    }

    @Test
    void readCommandsShowRisingWavesEntryWithoutMadeUpValues() throws Exception {
        manifest();
        Cli cli = new Cli(home);
        Cli.Result list = cli.run(at("list"));
        assertEquals(0, list.exitCode(), list::toString);
        String row = list.out().lines().filter(l -> l.startsWith("3 ")).findFirst().orElseThrow();
        assertTrue(row.contains("9007199254740993") && row.contains("unknown") && row.contains("2 pinned"), row);

        Cli.Result json = cli.run(at("list", "--json"));
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode entry = new ObjectMapper().readTree(json.out()).get(0);
        assertEquals(9007199254740993L, entry.get("max_committed_epoch").longValue());
        for (String absent : new String[] {"created_at", "etcd_revision", "key_count", "object_bytes", "sha256", "hummock_layout", "self_contained"}) {
            assertFalse(entry.has(absent), absent + " in " + entry);
        }

        Cli.Result epoch = cli.run(at("epoch", "9007199254740500"));
        assertEquals(0, epoch.exitCode(), epoch::toString);
        assertTrue(epoch.out().contains("covered by snapshot 3"), epoch.out());

        Cli.Result pinned = cli.run(at("pinned-ssts"));
        assertEquals("11\n12", pinned.out().strip(), pinned::toString);

        Cli.Result show = cli.run(at("show", "3"));
        assertEquals(0, show.exitCode(), show::toString);
        assertTrue(show.out().contains("made by RisingWave's own backup") && show.out().contains("hummock version 40"), show.out());

        Cli.Result status = cli.run(at("status", "--json"));
        assertEquals(0, status.exitCode(), status::toString);
        JsonNode doc = new ObjectMapper().readTree(status.out());
        assertEquals(1, doc.get("snapshot_count").asInt());
        assertFalse(doc.has("newest_snapshot"), "no age is known for RisingWave's entry: " + doc);
    }

    @Test
    void aBackupIntoRisingWavesLocationKeepsItsEntryAndFieldsAndTakesAnIdAboveItsGenerator(EtcdProcess etcd) throws Exception {
        Cli cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), 50, "fs://" + storage);
        Path file = manifest();
        // RisingWave's stored bound, 8 bytes big-endian: "00000007" in ASCII, so etcdctl can put it
        String bound = "00000007";
        etcd.etcdctl("put", "default/backup_id_next_generator", bound);
        long expectedId = ByteBuffer.wrap(bound.getBytes(StandardCharsets.US_ASCII)).getLong() + 1;

        Cli.Result backup = cli.run("backup");
        assertEquals(0, backup.exitCode(), backup::toString);

        ObjectMapper plain = new ObjectMapper();
        JsonNode before = plain.readTree(MANIFEST);
        JsonNode after = plain.readTree(Files.readAllBytes(file));
        assertTrue(after.get("manifest_id").asLong() > 20, after.toString());
        assertEquals(1, after.get("rw_later").asInt());
        assertEquals(before.get("snapshot_metadata").get(0), after.get("snapshot_metadata").get(0));
        assertEquals(2, after.get("snapshot_metadata").size());
        assertEquals(expectedId, after.get("snapshot_metadata").get(1).get("id").asLong());
    }
}
