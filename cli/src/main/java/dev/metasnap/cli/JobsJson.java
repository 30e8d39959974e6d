package dev.metasnap.cli;

import dev.metasnap.core.workdir.WorkFiles;
import dev.metasnap.jobs.JobHistory;
import dev.metasnap.jobs.JobLogFiles;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The JSON documents of {@code jobs list --json} and {@code jobs show --json}; the README documents
 * the schema. Fields appear in the order of the records' components, in snake_case; a field whose
 * value is unknown is left out (Json drops nulls); ids and counts are integers, times are UTC ISO-8601.
 */
final class JobsJson {

    private JobsJson() {
    }

    /** One execution in a listing. */
    record Run(long id, String job, long instanceId, String status, String exitCode, String exitMessage, String startedAt,
               String endedAt, long workBytes, String logFile) {
    }

    /** One execution in full: the whole exit message, its parameters and its steps. */
    record Detail(long id, String job, long instanceId, String status, String exitCode, String exitMessage, String startedAt,
                  String endedAt, long workBytes, String logFile, List<Parameter> parameters, List<Step> steps) {
    }

    /** A job parameter; the value of a Long parameter is a JSON integer. */
    record Parameter(String name, String type, Object value, boolean identifying) {
    }

    record Step(String name, String status, long readCount, long writeCount, long commitCount, long rollbackCount, String startedAt,
                String endedAt, String exitCode, String exitMessage) {
    }

    static Run run(JobHistory.Run r, Path home) {
        return new Run(r.id(), r.jobName(), r.instanceId(), r.status(), r.exitCode(), JobsCommand.firstLine(r.exitMessage()),
                utc(r.startTime()), utc(r.endTime()), workBytes(r, home), JobLogFiles.file(home, r.id()).toString());
    }

    static Detail detail(JobHistory.Run r, Path home) {
        return new Detail(r.id(), r.jobName(), r.instanceId(), r.status(), r.exitCode(), r.exitMessage(), utc(r.startTime()),
                utc(r.endTime()), workBytes(r, home), JobLogFiles.file(home, r.id()).toString(),
                r.parameters().stream().map(JobsJson::parameter).toList(), r.steps().stream().map(JobsJson::step).toList());
    }

    private static long workBytes(JobHistory.Run r, Path home) {
        return WorkFiles.bytes(WorkFiles.directory(home.resolve("work"), r.jobName(), r.instanceId()));
    }

    private static Parameter parameter(JobHistory.Parameter p) {
        Object value = "Long".equals(p.type()) && p.value() != null ? (Object) Long.parseLong(p.value()) : p.value();
        return new Parameter(p.name(), p.type(), value, p.identifying());
    }

    private static Step step(JobHistory.Step s) {
        return new Step(s.name(), s.status(), s.readCount(), s.writeCount(), s.commitCount(), s.rollbackCount(), utc(s.startTime()),
                utc(s.endTime()), s.exitCode(), s.exitMessage());
    }

    /** The job repository records local times of the host that ran the job. */
    private static String utc(LocalDateTime t) {
        return t == null ? null : t.atZone(ZoneId.systemDefault()).toInstant().toString();
    }
}
