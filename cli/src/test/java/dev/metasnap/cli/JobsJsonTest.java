package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.core.format.Json;
import dev.metasnap.jobs.JobHistory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documents of 'jobs list --json' and 'jobs show --json', byte for byte: field names, order, nesting and what is left out. */
class JobsJsonTest {

    private static final Path HOME = Path.of("/var/lib/metasnap");
    private static final LocalDateTime STARTED = LocalDateTime.of(2026, 3, 1, 2, 30, 0, 123_000_000);
    private static final LocalDateTime ENDED = LocalDateTime.of(2026, 3, 1, 2, 31, 5);

    private static String utc(LocalDateTime t) {
        return t.atZone(ZoneId.systemDefault()).toInstant().toString();
    }

    private static JobHistory.Run failedBackup() {
        return new JobHistory.Run(7, 3, "backup", "FAILED", "FAILED", "etcd unavailable\nat line two", STARTED, ENDED,
                List.of(new JobHistory.Parameter("etcd.timeout-ms", "Long", "5000", false),
                        new JobHistory.Parameter("cluster", "String", "prod", true),
                        new JobHistory.Parameter("empty", "String", null, false)),
                List.of(new JobHistory.Step(11, "exportMetaKeys", "FAILED", 2000, 1500, 3, 1, STARTED, ENDED, "FAILED", "read failed"),
                        new JobHistory.Step(12, "uploadSnapshot", "STARTED", 0, 0, 0, 0, STARTED, null, "EXECUTING", null)));
    }

    private static JobHistory.Run runningPrune() {
        return new JobHistory.Run(8, 4, "prune", "STARTED", "UNKNOWN", null, STARTED, null, List.of(), List.of());
    }

    @Test
    void aListingHoldsEachRunsSummaryAndLeavesOutWhatIsUnknown() {
        String json = Json.writeString(List.of(failedBackup(), runningPrune()).stream().map(r -> JobsJson.run(r, HOME)).toList());
        assertEquals("""
                [ {
                  "id" : 7,
                  "job" : "backup",
                  "instance_id" : 3,
                  "status" : "FAILED",
                  "exit_code" : "FAILED",
                  "exit_message" : "etcd unavailable",
                  "started_at" : "%1$s",
                  "ended_at" : "%2$s",
                  "work_bytes" : 0,
                  "log_file" : "/var/lib/metasnap/logs/job-7.log"
                }, {
                  "id" : 8,
                  "job" : "prune",
                  "instance_id" : 4,
                  "status" : "STARTED",
                  "exit_code" : "UNKNOWN",
                  "exit_message" : "",
                  "started_at" : "%1$s",
                  "work_bytes" : 0,
                  "log_file" : "/var/lib/metasnap/logs/job-8.log"
                } ]""".formatted(utc(STARTED), utc(ENDED)), json);
    }

    @Test
    void aDetailAddsTheFullExitMessageTypedParametersAndSteps() {
        assertEquals("""
                {
                  "id" : 7,
                  "job" : "backup",
                  "instance_id" : 3,
                  "status" : "FAILED",
                  "exit_code" : "FAILED",
                  "exit_message" : "etcd unavailable\\nat line two",
                  "started_at" : "%1$s",
                  "ended_at" : "%2$s",
                  "work_bytes" : 0,
                  "log_file" : "/var/lib/metasnap/logs/job-7.log",
                  "parameters" : [ {
                    "name" : "etcd.timeout-ms",
                    "type" : "Long",
                    "value" : 5000,
                    "identifying" : false
                  }, {
                    "name" : "cluster",
                    "type" : "String",
                    "value" : "prod",
                    "identifying" : true
                  }, {
                    "name" : "empty",
                    "type" : "String",
                    "identifying" : false
                  } ],
                  "steps" : [ {
                    "name" : "exportMetaKeys",
                    "status" : "FAILED",
                    "read_count" : 2000,
                    "write_count" : 1500,
                    "commit_count" : 3,
                    "rollback_count" : 1,
                    "started_at" : "%1$s",
                    "ended_at" : "%2$s",
                    "exit_code" : "FAILED",
                    "exit_message" : "read failed"
                  }, {
                    "name" : "uploadSnapshot",
                    "status" : "STARTED",
                    "read_count" : 0,
                    "write_count" : 0,
                    "commit_count" : 0,
                    "rollback_count" : 0,
                    "started_at" : "%1$s",
                    "exit_code" : "EXECUTING"
                  } ]
                }""".formatted(utc(STARTED), utc(ENDED)), Json.writeString(JobsJson.detail(failedBackup(), HOME)));
        assertEquals("""
                {
                  "id" : 8,
                  "job" : "prune",
                  "instance_id" : 4,
                  "status" : "STARTED",
                  "exit_code" : "UNKNOWN",
                  "started_at" : "%s",
                  "work_bytes" : 0,
                  "log_file" : "/var/lib/metasnap/logs/job-8.log",
                  "parameters" : [ ],
                  "steps" : [ ]
                }""".formatted(utc(STARTED)), Json.writeString(JobsJson.detail(runningPrune(), HOME)));
    }
}
