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
        try (CliSession session = root.session()) {
            Optional<BackupLocation> given = locationOptions.storage.location(root.environment());
            EtcdSettings etcd = LocationOptions.withTimeout(locationOptions.etcd.settings(root.environment(), err), ETCD_TIMEOUT);
            BackupLocation location = session.location(given, etcd);
            Cluster cluster = cluster(session, etcd, given.isEmpty() || endpointsGiven());
            BackupStorage backup = session.openChecked(location);
            try (var store = backup.store()) {
                BackupManifest manifest = backup.readManifest();
                // ages need created_at, which entries RisingWave's own backup made do not record: only metasnap's count here
                List<SnapshotMetadata> ours = manifest.snapshotMetadata().stream().filter(SnapshotMetadata::metasnapMade).toList();
                Optional<SnapshotMetadata> newest = ours.stream().max(Comparator.comparingLong(SnapshotMetadata::id));
                Optional<SnapshotMetadata> newestGood = ours.stream().filter(StatusCommand::good)
                        .max(Comparator.comparingLong(SnapshotMetadata::id));
                Optional<SnapshotMetadata> newestVerified = ours.stream()
                        .filter(s -> SnapshotMetadata.VERIFIED_OK.equals(s.lastVerifyResult())).max(Comparator.comparingLong(SnapshotMetadata::id));
                Optional<LockCommand.Holder> lock = new BackupLock(backup).holder().map(LockCommand.Holder::of);
                long bytes = 0;
                int objects = 0;
                String directory = backup.key("");
                for (StoredObject o : store.list(directory)) {
                    if (o.key().indexOf('/', directory.length()) < 0) {
                        bytes += o.size();
                        objects++;
                    }
                }
                LastFailedJob lastFailed = lastFailedJob(session);
                boolean stale = limit != null && (newestGood.isEmpty() || age(newestGood.get(), now).compareTo(limit) > 0);
                Document doc = new Document(location.describe(), now.toString(), cluster, manifest.snapshotMetadata().size(),
                        newest.map(s -> SnapshotAge.of(s, now)).orElse(null), newestGood.map(s -> SnapshotAge.of(s, now)).orElse(null),
                        newestVerified.map(s -> SnapshotAge.of(s, now)).orElse(null), manifest.pinnedSsts().size(), lock.orElse(null), bytes, objects,
                        lastFailed, limit == null ? null : limit.toSeconds(), limit == null ? null : stale);
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

    /**
     * 'status --json' (the README has its schema). As in every document of {@link Json}, a null
     * field is left out: a missing snapshot, lock or failed job, and max_age_seconds and stale without --max-age.
     */
    record Document(String location, String checkedAt, Cluster cluster, int snapshotCount, SnapshotAge newestSnapshot,
                    SnapshotAge newestGoodSnapshot, SnapshotAge newestVerifiedSnapshot, int pinnedSstCount, LockCommand.Holder lock,
                    long diskBytes, int objectCount, LastFailedJob lastFailedJob,
                    Long maxAgeSeconds, Boolean stale) {
    }

    /** The cluster's etcd; reachable only when checked, then its revision or why not. */
    record Cluster(List<String> endpoints, boolean checked, Boolean reachable, Long etcdRevision, String error) {
    }

    record SnapshotAge(long id, String createdAt, long ageSeconds, String lastVerifiedAt, String lastVerifyResult) {
        static SnapshotAge of(SnapshotMetadata s, Instant now) {
            return new SnapshotAge(s.id(), s.createdAt(), age(s, now).toSeconds(), s.lastVerifiedAt(), s.lastVerifyResult());
        }
    }

    /** The newest failed job execution of this home, or why it is not known. */
    sealed interface LastFailedJob permits FailedJob, UnknownFailedJob {
    }

    record FailedJob(long id, String job, String startedAt, String endedAt, String exitCode, String failedStep,
                     String exitMessage, Long restartedAs) implements LastFailedJob {
    }

    record UnknownFailedJob(String error) implements LastFailedJob {
    }

    /** The cluster's etcd, only when asked about (or the location came from it): reachable and its revision, or why not. */
    private static Cluster cluster(CliSession session, EtcdSettings etcd, boolean check) {
        List<String> endpoints = etcd.endpoints().stream().map(Object::toString).toList();
        if (!check) {
            return new Cluster(endpoints, false, null, null, null);
        }
        try (EtcdGateway gateway = session.etcd(etcd)) {
            return new Cluster(endpoints, true, true, gateway.currentRevision(), null);
        } catch (RuntimeException e) {
            return new Cluster(endpoints, true, false, null, ExitCodeMapper.message(e));
        }
    }

    private static Duration age(SnapshotMetadata s, Instant now) {
        return Duration.between(Instant.parse(s.createdAt()), now);
    }

    /**
     * The newest FAILED job execution in this home's job repository, read with plain JDBC (a
     * monitoring check must not start the batch infrastructure); none when there is no repository yet.
     */
    private static LastFailedJob lastFailedJob(CliSession session) {
        Optional<JobHistory.Failure> failure;
        try {
            failure = JobHistory.of(session.jobRepositoryUrl()).lastFailure();
        } catch (IllegalStateException e) {
            // the backups' health does not depend on this home's history: say why it is missing, answer the rest
            return new UnknownFailedJob(e.getMessage());
        }
        if (failure.isEmpty()) {
            return null;
        }
        JobHistory.Run last = failure.get().run();
        Optional<JobHistory.Step> step = last.steps().stream().filter(x -> "FAILED".equals(x.status())).findFirst();
        String message = JobsCommand.firstLine(last.exitMessage());
        if (message.isEmpty() && step.isPresent()) {
            message = causeMessage(step.get().exitMessage());
        }
        return new FailedJob(last.id(), last.jobName(), JobsCommand.time(last.startTime()), JobsCommand.time(last.endTime()), last.exitCode(),
                step.map(JobHistory.Step::name).orElse(null), message, failure.get().restartedAs().stream().boxed().findFirst().orElse(null));
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

    private static void printText(PrintWriter out, Document doc, Optional<SnapshotMetadata> newest, Optional<SnapshotMetadata> newestGood,
                                  Optional<SnapshotMetadata> newestVerified, Instant now) {
        out.println("location:          " + doc.location());
        Cluster cluster = doc.cluster();
        out.println("cluster:           " + (!cluster.checked() ? "not checked (give --etcd-endpoints)"
                : cluster.reachable() ? "reachable, etcd revision " + cluster.etcdRevision()
                : "UNREACHABLE: " + cluster.error()));
        out.println("snapshots:         " + doc.snapshotCount());
        out.println("newest:            " + newest.map(s -> describe(s, now)).orElse("none; take one with 'metasnap backup'"));
        if (!newestGood.equals(newest)) {
            out.println("newest good:       " + newestGood.map(s -> describe(s, now)).orElse("none"));
        }
        out.println("newest verified:   " + newestVerified.map(s -> describe(s, now) + ", verified " + s.lastVerifiedAt())
                .orElse("none; run 'metasnap verify --all'"));
        out.println("pinned SSTs:       " + doc.pinnedSstCount());
        out.println("lock:              " + (doc.lock() == null ? "not locked" : "held by " + doc.lock().holder()));
        out.println("last failed job:   " + describe(doc.lastFailedJob()));
        out.println("disk use:          " + Sizes.bytes(doc.diskBytes()) + " in " + doc.objectCount() + " objects");
        if (doc.stale() != null) {
            out.println("max age:           " + human(Duration.ofSeconds(doc.maxAgeSeconds())) + (doc.stale() ? " -- STALE" : " -- ok"));
        }
    }

    private static String describe(LastFailedJob last) {
        if (last == null) {
            return "none";
        }
        if (last instanceof UnknownFailedJob unknown) {
            return "unknown: " + unknown.error();
        }
        FailedJob failed = (FailedJob) last;
        return failed.id() + " (" + failed.job() + (failed.failedStep() != null ? " in step " + failed.failedStep() : "")
                + ", ended " + failed.endedAt() + "): " + failed.exitMessage()
                + (failed.restartedAs() == null ? "; restart it with 'metasnap jobs restart " + failed.id() + "'" : "; restarted as " + failed.restartedAs());
    }

    private static String describe(SnapshotMetadata s, Instant now) {
        return "snapshot " + s.id() + ", created " + s.createdAt() + " (" + human(age(s, now)) + " ago)";
    }
}
