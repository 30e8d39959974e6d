package dev.metasnap.config;

import java.util.List;

/**
 * The scheduler daemon's configuration file (YAML, kebab-case keys): where its state lives,
 * metrics, misfire and retry policies, and the clusters with their schedules.
 */
public record SchedulerSettings(String home, String jobRepositoryUrl, Metrics metrics, Misfire misfire, Retry retry, List<ClusterSchedule> clusters) {

    public SchedulerSettings {
        metrics = metrics == null ? new Metrics(null, null) : metrics;
        misfire = misfire == null ? new Misfire(null, null) : misfire;
        retry = retry == null ? new Retry(0, null) : retry;
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        if (clusters.isEmpty()) {
            throw new InvalidSettingException("the scheduler config declares no cluster; add one under 'clusters:'");
        }
        if (clusters.stream().map(ClusterSchedule::name).distinct().count() != clusters.size()) {
            throw new InvalidSettingException("cluster names in the scheduler config must be unique");
        }
    }

    /** Prometheus metrics: an HTTP listener (loopback by default) and/or a node_exporter textfile. */
    public record Metrics(String listen, String textfile) {
        public Metrics {
            if (listen != null && !listen.matches(".+:\\d{1,5}")) {
                throw new InvalidSettingException("metrics listen address '" + listen + "' is not host:port with a numeric port, e.g. 127.0.0.1:9464");
            }
        }
    }

    /**
     * What a late firing does: {@code run-once} if it is late by less than {@code threshold}
     * (default 10m) and skipped (and logged) otherwise; {@code skip} skips every late firing;
     * {@code always} runs it once however late.
     */
    public record Misfire(String policy, String threshold) {
        public Misfire {
            policy = policy == null ? "run-once" : policy;
            threshold = threshold == null ? "10m" : threshold;
            if (!policy.equals("run-once") && !policy.equals("skip") && !policy.equals("always")) {
                throw new InvalidSettingException("misfire policy '" + policy + "' is not one of run-once, skip, always");
            }
            Durations.parse(threshold);
        }
    }

    /** A failed run is restarted up to {@code attempts} times, waiting {@code backoff}, doubling each time. */
    public record Retry(int attempts, String backoff) {
        public Retry {
            backoff = backoff == null ? "1m" : backoff;
            if (attempts < 0 || attempts > 10) {
                throw new InvalidSettingException("retry attempts must be within 0..10: " + attempts);
            }
            Durations.parse(backoff);
        }
    }

    /**
     * One cluster: how to reach it, and its schedules (Quartz cron expressions, seconds first).
     * {@code copySsts}: the scheduled backups copy the SSTs too ("mark" or "fail" when the
     * cluster deleted some first; absent or empty: they pin them only).
     */
    public record ClusterSchedule(String name, String etcdEndpoints, String etcdUsername, String etcdPasswordFile, String etcdPasswordEnv,
                                  String rootPrefix, String backupStorageUrlEnv, String backupStorageDirectory,
                                  String backup, PruneSchedule prune, VerifySchedule verify, String copySsts) {
        public ClusterSchedule {
            copySsts = copySsts == null ? "" : copySsts;
            if (!copySsts.isEmpty() && !copySsts.equals("mark") && !copySsts.equals("fail")) {
                throw new InvalidSettingException("cluster '" + name + "': copy_ssts must be mark or fail, not '" + copySsts + "'");
            }
            if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
                throw new InvalidSettingException("cluster name '" + name + "' must be letters, digits, '.', '_' or '-'");
            }
            etcdEndpoints = etcdEndpoints == null ? EtcdSettings.DEFAULT_ENDPOINTS : etcdEndpoints;
            rootPrefix = rootPrefix == null ? "" : rootPrefix;
            EtcdSettings.parseEndpoints(etcdEndpoints);
            if (backup == null && prune == null && verify == null) {
                throw new InvalidSettingException("cluster '" + name + "' has no schedule; give backup, prune or verify");
            }
        }
    }

    public record PruneSchedule(String cron, int keepLast, String keepWithin, int keepDaily, int keepWeekly, int keepMonthly) {
        public PruneSchedule {
            if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
                throw new InvalidSettingException("prune keep counts must not be negative");
            }
            if (keepLast == 0 && keepWithin == null && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0) {
                throw new InvalidSettingException("a prune schedule needs at least one rule (keep-last, keep-within, keep-daily, keep-weekly, keep-monthly);"
                        + " without one it would keep nothing");
            }
            if (keepWithin != null) {
                Durations.parse(keepWithin);
            }
        }

        public RetentionPolicy policy() {
            return new RetentionPolicy(keepLast, keepWithin == null ? null : Durations.parse(keepWithin), keepDaily, keepWeekly, keepMonthly);
        }
    }

    public record VerifySchedule(String cron, boolean validateIntegrity) {
    }
}
