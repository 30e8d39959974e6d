package dev.metasnap.cli;

import dev.metasnap.config.Epoch;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.steps.format.Json;
import dev.metasnap.steps.manifest.BackupManifest;
import dev.metasnap.steps.manifest.SnapshotMetadata;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
@Command(name = "epoch", description = "Convert between epochs and UTC times, and find the snapshot(s) whose [safe_epoch, max_committed_epoch] covers it.")
final class EpochCommand implements Callable<Integer> {

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    LocationOptions locationOptions;

    @Parameters(arity = "0..1", paramLabel = "EPOCH")
    Long epochValue;

    @Option(names = "--at", paramLabel = "TIMESTAMP", description = "a UTC time such as 2026-11-25T02:19:16.686Z")
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
        List<SnapshotMetadata> covering = List.of();
        Optional<SnapshotMetadata> nearest = Optional.empty();
        if (!offline) {
            try (CliSession session = root.session()) {
                BackupManifest manifest = locationOptions.readManifest(session, root.environment(), spec.commandLine().getErr());
                covering = covering(manifest, epoch.value());
                nearest = covering.isEmpty() ? nearest(manifest, epoch.value()) : Optional.empty();
            }
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("epoch", epoch.value());
            doc.put("time", epoch.formatTime());
            doc.put("covering_snapshots", covering.stream().map(SnapshotMetadata::id).toList());
            nearest.ifPresent(n -> doc.put("nearest_snapshot", n.id()));
            out.println(Json.writeString(doc));
            return ExitCodes.OK;
        }
        out.println("epoch " + epoch.value() + " = " + (epoch.isZero() ? "no epoch (in a query, 0 means the latest data)" : epoch.formatTime()));
        if (offline) {
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

    static List<SnapshotMetadata> covering(BackupManifest manifest, long epoch) {
        return manifest.snapshotMetadata().stream().filter(s -> s.safeEpoch() <= epoch && epoch <= s.maxCommittedEpoch()).toList();
    }

    /** The snapshot whose range lies closest to the epoch. */
    static Optional<SnapshotMetadata> nearest(BackupManifest manifest, long epoch) {
        return manifest.snapshotMetadata().stream().min(Comparator.comparingLong(s ->
                epoch < s.safeEpoch() ? s.safeEpoch() - epoch : epoch - s.maxCommittedEpoch()));
    }

    private static Instant parseTime(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidSettingException("timestamp '" + text + "' is not an ISO-8601 UTC time such as 2026-11-25T02:19:16.686Z");
        }
    }
}
