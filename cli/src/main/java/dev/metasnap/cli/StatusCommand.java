package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.Durations;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.jobs.JobHistory;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.manifest.BackupLock;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.store.StoredObject;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code metasnap status}: are the backups of a location healthy? One screen (or one JSON
 * document, schema in the README) and, with {@code --max-age}, an exit code for monitoring.
 */
@Command(name = StatusCommand.NAME, description = StatusCommand.DESCRIPTION)
final class StatusCommand implements Callable<Integer> {

    static final String NAME = "status";
    static final String DESCRIPTION = "One screen on a backup location: snapshots, newest and newest verified with their ages,"
            + " pinned SSTs, lock, last failed job, disk use. With --max-age, exit " + ExitCodes.STALE + " when the newest good snapshot is older.";

    static final String MAX_AGE_ENV = "METASNAP_STATUS_MAX_AGE";
    /** How long to wait for etcd here: a monitoring check must answer quickly when the cluster is down. */
    static final Duration ETCD_TIMEOUT = Duration.ofSeconds(2);

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    LocationOptions locationOptions;

    @Option(names = "--json", description = "print JSON (the schema is in the README)")
    boolean json;

    @Option(names = "--max-age", paramLabel = "DURATION",
            description = "exit " + ExitCodes.STALE + " when the newest good snapshot is older than this (e.g. 26h), or there is none (default: $" + MAX_AGE_ENV + ")")
    String maxAge;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String maxAgeText = maxAge != null ? maxAge : root.environment().getenv(MAX_AGE_ENV);
        Duration limit = maxAgeText == null ? null : Durations.parse(maxAgeText);
        Instant now = Instant.now();
        Map<String, Object> doc = new LinkedHashMap<>();
        try (CliSession session = root.session()) {
            Optional<BackupLocation> given = locationOptions.storage.location(root.environment());
            EtcdSettings etcd = LocationOptions.withTimeout(locationOptions.etcd.settings(root.environment(), err), ETCD_TIMEOUT);
            BackupLocation location = session.location(given, etcd);
            doc.put("location", location.describe());
            doc.put("checked_at", now.toString());
            doc.put("cluster", cluster(session, etcd, given.isEmpty() || endpointsGiven()));
            BackupStorage backup = session.openChecked(location);
            try (var store = backup.store()) {
                BackupManifest manifest = backup.readManifest();
                doc.put("snapshot_count", manifest.snapshotMetadata().size());
                Optional<SnapshotMetadata> newest = manifest.snapshotMetadata().stream().max(Comparator.comparingLong(SnapshotMetadata::id));
                Optional<SnapshotMetadata> newestGood = manifest.snapshotMetadata().stream().filter(StatusCommand::good)
                        .max(Comparator.comparingLong(SnapshotMetadata::id));
                Optional<SnapshotMetadata> newestVerified = manifest.snapshotMetadata().stream()
                        .filter(s -> SnapshotMetadata.VERIFIED_OK.equals(s.lastVerifyResult())).max(Comparator.comparingLong(SnapshotMetadata::id));
                doc.put("newest_snapshot", newest.map(s -> snapshot(s, now)).orElse(null));
                doc.put("newest_good_snapshot", newestGood.map(s -> snapshot(s, now)).orElse(null));
                doc.put("newest_verified_snapshot", newestVerified.map(s -> snapshot(s, now)).orElse(null));
                doc.put("pinned_sst_count", manifest.pinnedSsts().size());
                doc.put("lock", new BackupLock(backup).holder().map(LockCommand::document).orElse(null));
                long bytes = 0;
                int objects = 0;
                String directory = backup.key("");
                for (StoredObject o : store.list(directory)) {
                    if (o.key().indexOf('/', directory.length()) < 0) {
                        bytes += o.size();
                        objects++;
                    }
                }
                doc.put("disk_bytes", bytes);
                doc.put("object_count", objects);
                doc.put("last_failed_job", lastFailedJob(session));
                boolean stale = false;
                if (limit != null) {
                    stale = newestGood.isEmpty() || age(newestGood.get(), now).compareTo(limit) > 0;
                    doc.put("max_age_seconds", limit.toSeconds());
                    doc.put("stale", stale);
                }
                if (json) {
                    out.println(Json.writeString(doc));
                } else {
                    printText(out, doc, newest, newestGood, newestVerified, now);
                }
                if (stale) {
                    err.println("stale: " + newestGood.map(s -> "the newest good snapshot, " + s.id() + ", is " + human(age(s, now)) + " old,")
                            .orElse("there is no good snapshot in " + location.describe() + ",") + " over --max-age " + maxAgeText + "; run 'metasnap backup'");
                    return ExitCodes.STALE;
                }
            }
        }
        return ExitCodes.OK;
    }

    /** A snapshot in the manifest is complete; it is good unless its last verification failed. */
    static boolean good(SnapshotMetadata s) {
        return s.lastVerifyResult() == null || SnapshotMetadata.VERIFIED_OK.equals(s.lastVerifyResult());
    }

    private boolean endpointsGiven() {
        return locationOptions.etcd.endpoints != null || root.environment().getenv("METASNAP_ETCD_ENDPOINTS") != null;
    }

    /** The cluster's etcd, only when asked about (or the location came from it): reachable and its revision, or why not. */
    private static Map<String, Object> cluster(CliSession session, EtcdSettings etcd, boolean check) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("endpoints", etcd.endpoints().stream().map(Object::toString).toList());
        c.put("checked", check);
        if (check) {
            try (EtcdGateway gateway = session.etcd(etcd)) {
                c.put("reachable", true);
                c.put("etcd_revision", gateway.currentRevision());
            } catch (RuntimeException e) {
                c.put("reachable", false);
                c.put("error", ExitCodeMapper.message(e));
            }
        }
        return c;
    }

    private static Duration age(SnapshotMetadata s, Instant now) {
        return Duration.between(Instant.parse(s.createdAt()), now);
    }

    private static Map<String, Object> snapshot(SnapshotMetadata s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("created_at", s.createdAt());
        m.put("age_seconds", age(s, now).toSeconds());
        m.put("last_verified_at", s.lastVerifiedAt());
        m.put("last_verify_result", s.lastVerifyResult());
        return m;
    }

    /**
     * The newest FAILED job execution in this home's job repository, read with plain JDBC (a
     * monitoring check must not start the batch infrastructure); none when there is no repository yet.
     */
    private static Map<String, Object> lastFailedJob(CliSession session) {
        Optional<JobHistory.Failure> failure;
        try {
            failure = JobHistory.of(session.jobRepositoryUrl()).lastFailure();
        } catch (IllegalStateException e) {
            // the backups' health does not depend on this home's history: say why it is missing, answer the rest
            Map<String, Object> unknown = new LinkedHashMap<>();
            unknown.put("error", e.getMessage());
            return unknown;
        }
        if (failure.isEmpty()) {
            return null;
        }
        JobHistory.Run last = failure.get().run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", last.id());
        m.put("job", last.jobName());
        m.put("started_at", JobsCommand.time(last.startTime()));
        m.put("ended_at", JobsCommand.time(last.endTime()));
        m.put("exit_code", last.exitCode());
        Optional<JobHistory.Step> step = last.steps().stream().filter(x -> "FAILED".equals(x.status())).findFirst();
        step.ifPresent(x -> m.put("failed_step", x.name()));
        String message = JobsCommand.firstLine(last.exitMessage());
        if (message.isEmpty() && step.isPresent()) {
            message = causeMessage(step.get().exitMessage());
        }
        m.put("exit_message", message);
        m.put("restarted_as", failure.get().restartedAs().stream().boxed().findFirst().orElse(null));
        return m;
    }

    /**
     * A failed step's exit description is its stack trace; the operator's message is that of
     * the first of metasnap's own exceptions in it (as the command printed it), else of the root cause.
     */
    static String causeMessage(String stackTrace) {
        List<String> causes = new ArrayList<>();
        for (String line : stackTrace.lines().toList()) {
            if (causes.isEmpty() || line.startsWith("Caused by: ")) {
                causes.add(line.replaceFirst("^Caused by: ", ""));
            }
        }
        String chosen = causes.stream().filter(c -> c.startsWith("dev.metasnap.")).findFirst().orElse(causes.isEmpty() ? "" : causes.get(causes.size() - 1));
        return chosen.replaceFirst("^[\\w.$]+: ", "");
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }

    @SuppressWarnings("unchecked")
    private static void printText(PrintWriter out, Map<String, Object> doc, Optional<SnapshotMetadata> newest, Optional<SnapshotMetadata> newestGood,
                                  Optional<SnapshotMetadata> newestVerified, Instant now) {
        out.println("location:          " + doc.get("location"));
        Map<String, Object> cluster = (Map<String, Object>) doc.get("cluster");
        out.println("cluster:           " + (!(Boolean) cluster.get("checked") ? "not checked (give --etcd-endpoints)"
                : (Boolean) cluster.get("reachable") ? "reachable, etcd revision " + cluster.get("etcd_revision")
                : "UNREACHABLE: " + cluster.get("error")));
        out.println("snapshots:         " + doc.get("snapshot_count"));
        out.println("newest:            " + newest.map(s -> describe(s, now)).orElse("none; take one with 'metasnap backup'"));
        if (!newestGood.equals(newest)) {
            out.println("newest good:       " + newestGood.map(s -> describe(s, now)).orElse("none"));
        }
        out.println("newest verified:   " + newestVerified.map(s -> describe(s, now) + ", verified " + s.lastVerifiedAt())
                .orElse("none; run 'metasnap verify --all'"));
        out.println("pinned SSTs:       " + doc.get("pinned_sst_count"));
        Map<String, Object> lock = (Map<String, Object>) doc.get("lock");
        out.println("lock:              " + (lock == null ? "not locked" : "held by " + lock.get("holder")));
        Map<String, Object> failed = (Map<String, Object>) doc.get("last_failed_job");
        out.println("last failed job:   " + (failed == null ? "none"
                : failed.containsKey("error") ? "unknown: " + failed.get("error")
                : failed.get("id") + " (" + failed.get("job") + (failed.containsKey("failed_step") ? " in step " + failed.get("failed_step") : "")
                + ", ended " + failed.get("ended_at") + "): " + failed.get("exit_message")
                + (failed.get("restarted_as") == null ? "; restart it with 'metasnap jobs restart " + failed.get("id") + "'"
                : "; restarted as " + failed.get("restarted_as"))));
        out.println("disk use:          " + Sizes.bytes((Long) doc.get("disk_bytes")) + " in " + doc.get("object_count") + " objects");
        if (doc.containsKey("stale")) {
            out.println("max age:           " + human(Duration.ofSeconds((Long) doc.get("max_age_seconds")))
                    + ((Boolean) doc.get("stale") ? " -- STALE" : " -- ok"));
        }
    }

    private static String describe(SnapshotMetadata s, Instant now) {
        return "snapshot " + s.id() + ", created " + s.createdAt() + " (" + human(age(s, now)) + " ago)";
    }
}
