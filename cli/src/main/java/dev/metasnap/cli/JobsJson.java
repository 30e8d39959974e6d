package dev.metasnap.cli;

import dev.metasnap.jobs.JobHistory;
import dev.metasnap.jobs.JobLogFiles;
import dev.metasnap.core.work.WorkFiles;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON documents of {@code jobs list --json} and {@code jobs show --json}; the README documents
 * the schema. A field whose value is unknown is left out (Json drops nulls); ids and counts are integers,
 * times are UTC ISO-8601.
 */
final class JobsJson {

    private JobsJson() {
    }

    static Map<String, Object> run(JobHistory.Run r, Path home) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", r.id());
        doc.put("job", r.jobName());
        doc.put("instance_id", r.instanceId());
        doc.put("status", r.status());
        doc.put("exit_code", r.exitCode());
        doc.put("exit_message", JobsCommand.firstLine(r.exitMessage()));
        doc.put("started_at", utc(r.startTime()));
        doc.put("ended_at", utc(r.endTime()));
        doc.put("work_bytes", WorkFiles.bytes(WorkFiles.directory(home.resolve("work"), r.jobName(), r.instanceId())));
        doc.put("log_file", JobLogFiles.file(home, r.id()).toString());
        return doc;
    }

    static Map<String, Object> detail(JobHistory.Run r, Path home) {
        Map<String, Object> doc = run(r, home);
        doc.put("exit_message", r.exitMessage());
        doc.put("parameters", r.parameters().stream().map(JobsJson::parameter).toList());
        doc.put("steps", r.steps().stream().map(JobsJson::step).toList());
        return doc;
    }

    private static Map<String, Object> parameter(JobHistory.Parameter p) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", p.name());
        doc.put("type", p.type());
        doc.put("value", "Long".equals(p.type()) && p.value() != null ? (Object) Long.parseLong(p.value()) : p.value());
        doc.put("identifying", p.identifying());
        return doc;
    }

    private static Map<String, Object> step(JobHistory.Step s) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", s.name());
        doc.put("status", s.status());
        doc.put("read_count", s.readCount());
        doc.put("write_count", s.writeCount());
        doc.put("commit_count", s.commitCount());
        doc.put("rollback_count", s.rollbackCount());
        doc.put("started_at", utc(s.startTime()));
        doc.put("ended_at", utc(s.endTime()));
        doc.put("exit_code", s.exitCode());
        doc.put("exit_message", s.exitMessage());
        return doc;
    }

    /** The job repository records local times of the host that ran the job. */
    private static String utc(LocalDateTime t) {
        return t == null ? null : t.atZone(ZoneId.systemDefault()).toInstant().toString();
    }
}
