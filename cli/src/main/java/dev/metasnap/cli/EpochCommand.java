package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.Epoch;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap epoch EPOCH | epoch --at TIMESTAMP}: time travel, which snapshot covers a point in time. */
@Command(name = EpochCommand.NAME, description = EpochCommand.DESCRIPTION)
final class EpochCommand implements Callable<Integer> {

    static final String NAME = "epoch";
    static final String DESCRIPTION = "Convert between epochs and UTC times, and find the snapshot(s) whose [safe_epoch, max_committed_epoch] covers it.";

    /** How long the lookup waits for etcd: the conversion itself needs no cluster. */
    static final java.time.Duration LOOKUP_TIMEOUT = java.time.Duration.ofSeconds(2);

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    LocationOptions locationOptions;

    @Parameters(arity = "0..1", paramLabel = "EPOCH")
    Long epochValue;

    @Option(names = "--at", paramLabel = "TIMESTAMP",
            description = "a UTC time: ISO-8601 (2026-11-25T02:19:16.686Z) or as RisingWave's SQL prints it (2022-12-28 11:08:56.918); milliseconds optional")
    String at;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--offline", description = "only convert; do not look up snapshots")
    boolean offline;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if ((epochValue == null) == (at == null)) {
            throw new InvalidSettingException("give an EPOCH or --at TIMESTAMP (one of them)");
        }
        Epoch epoch = epochValue != null ? new Epoch(epochValue) : Epoch.at(parseTime(at));
        Optional<BackupManifest> manifest = offline ? Optional.empty() : manifest(spec.commandLine().getErr());
        List<SnapshotMetadata> covering = manifest.map(m -> covering(m, epoch.value())).orElse(List.of());
        Optional<SnapshotMetadata> nearest = manifest.isPresent() && covering.isEmpty() ? nearest(manifest.get(), epoch.value()) : Optional.empty();
        if (json) {
            out.println(Json.writeString(new Document(epoch.value(), epoch.formatTime(),
                    manifest.map(m -> covering.stream().map(SnapshotMetadata::id).toList()).orElse(null), nearest.map(SnapshotMetadata::id).orElse(null))));
            return ExitCodes.OK;
        }
        out.println("epoch " + epoch.value() + " = " + (epoch.isZero() ? "no epoch (in a query, 0 means the latest data)" : epoch.formatTime()));
        if (manifest.isEmpty()) {
            return ExitCodes.OK;
        }
        if (!covering.isEmpty()) {
            for (SnapshotMetadata s : covering) {
                out.println("covered by snapshot " + s.id() + ": safe_epoch " + s.safeEpoch() + " (" + new Epoch(s.safeEpoch()).formatTime()
                        + ") <= " + epoch.value() + " <= max_committed_epoch " + s.maxCommittedEpoch() + " (" + new Epoch(s.maxCommittedEpoch()).formatTime() + ")");
            }
        } else {
            out.println("no snapshot covers it" + nearest.map(n -> "; nearest is snapshot " + n.id() + " covering "
                    + new Epoch(n.safeEpoch()).formatTime() + " .. " + new Epoch(n.maxCommittedEpoch()).formatTime()).orElse("; there are no snapshots"));
        }
        return ExitCodes.OK;
    }

    /**
     * 'epoch --json': the snapshot fields only when snapshots were looked up (null ones are left
     * out), the nearest one only when none covers the epoch.
     */
    record Document(long epoch, String time, List<Long> coveringSnapshots, Long nearestSnapshot) {
    }

    /**
     * The manifest to look snapshots up in: at the location given (whose errors fail the command),
     * else at the cluster's params, read with a short timeout; an unreachable cluster or storage
     * there costs one note on stderr, since the conversion needs neither.
     */
    private Optional<BackupManifest> manifest(PrintWriter err) {
        Optional<BackupLocation> given = locationOptions.storage.location(root.environment());
        try (CliSession session = root.session()) {
            if (given.isPresent()) {
                return Optional.of(locationOptions.readManifest(session, root.environment(), err));
            }
            EtcdSettings etcd = LocationOptions.withTimeout(locationOptions.etcd.settings(root.environment(), err), LOOKUP_TIMEOUT);
            try {
                BackupStorage backup = session.openChecked(session.location(given, etcd));
                try (var store = backup.store()) {
                    return Optional.of(backup.readManifest());
                }
            } catch (RuntimeException e) {
                err.println("note: no snapshot lookup (" + ExitCodeMapper.message(e) + "); give --backup-storage-url and"
                        + " --backup-storage-directory to look snapshots up, or --offline to skip it");
                return Optional.empty();
            }
        }
    }

    static List<SnapshotMetadata> covering(BackupManifest manifest, long epoch) {
        return manifest.snapshotMetadata().stream().filter(s -> s.safeEpoch() <= epoch && epoch <= s.maxCommittedEpoch()).toList();
    }

    /** The snapshot whose range lies closest to the epoch. */
    static Optional<SnapshotMetadata> nearest(BackupManifest manifest, long epoch) {
        return manifest.snapshotMetadata().stream().min(Comparator.comparingLong(s ->
                epoch < s.safeEpoch() ? s.safeEpoch() - epoch : epoch - s.maxCommittedEpoch()));
    }

    /** ISO-8601 with Z or an offset, or RisingWave's SQL form {@code 2022-12-28 11:08:56.918} (UTC); fractions optional. */
    static Instant parseTime(String text) {
        String iso = text.strip().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
        if (!iso.matches(".*(Z|[+-]\\d{2}(:?\\d{2})?)$")) {
            iso = iso + "Z";
        }
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidSettingException("timestamp '" + text + "' is not a UTC time such as 2026-11-25T02:19:16.686Z or 2022-12-28 11:08:56.918");
        }
    }
}
