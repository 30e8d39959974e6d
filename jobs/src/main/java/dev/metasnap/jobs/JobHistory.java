package dev.metasnap.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * Reads past job executions from the job repository's tables with plain JDBC, for commands that
 * only look: no Spring context, no schema creation, and a database that does not exist yet is
 * an empty history rather than a new file. An H2 file that no process has open (no
 * {@code .lock.db} beside it) is opened read-only: no lock file, no server, no compaction on
 * close, which is most of H2's cost at start. While a process has it open, the jobs' own URL
 * (AUTO_SERVER) reads through that process instead.
 */
public final class JobHistory {

    /** H2: database not found with IFEXISTS; table not found. PostgreSQL: undefined table. */
    private static final int H2_DATABASE_NOT_FOUND = 90146;
    private static final int H2_TABLE_NOT_FOUND = 42104;
    private static final String PG_UNDEFINED_TABLE = "42P01";
    /** H2: database in use by another process; its lock file being written. */
    static final int H2_IN_USE = 90020;
    static final int H2_LOCK_FILE = 8000;
    private static final java.time.Duration BUSY_WAIT = java.time.Duration.ofSeconds(5);

    private static final String EXECUTIONS = "SELECT e.JOB_EXECUTION_ID, e.JOB_INSTANCE_ID, i.JOB_NAME, e.STATUS, e.EXIT_CODE, e.EXIT_MESSAGE,"
            + " e.START_TIME, e.END_TIME FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID";

    private final String url;

    private JobHistory(String url) {
        this.url = url;
    }

    public static JobHistory of(String jobRepositoryUrl) {
        return new JobHistory(jobRepositoryUrl);
    }

    /** One job execution as recorded; parameters and steps are empty in a listing. */
    public record Run(long id, long instanceId, String jobName, String status, String exitCode, String exitMessage,
                      LocalDateTime startTime, LocalDateTime endTime, List<Parameter> parameters, List<Step> steps) {
        public Run {
            parameters = List.copyOf(parameters);
            steps = List.copyOf(steps);
        }
    }

    public record Parameter(String name, String type, String value, boolean identifying) {
    }

    public record Step(long id, String name, String status, long readCount, long writeCount, long commitCount, long rollbackCount,
                       LocalDateTime startTime, LocalDateTime endTime, String exitCode, String exitMessage) {
    }

    /** Which executions a listing keeps; null fields match everything. */
    public record Filter(String jobName, String status, String cluster, LocalDateTime startedAfter) {
        public static Filter all() {
            return new Filter(null, null, null, null);
        }
    }

    /** The newest executions first, at most {@code limit}. */
    public List<Run> recent(Filter filter, int limit) {
        StringBuilder sql = new StringBuilder(EXECUTIONS).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.jobName() != null) {
            sql.append(" AND i.JOB_NAME = ?");
            args.add(filter.jobName());
        }
        if (filter.status() != null) {
            sql.append(" AND e.STATUS = ?");
            args.add(filter.status().toUpperCase(Locale.ROOT));
        }
        if (filter.startedAfter() != null) {
            sql.append(" AND e.START_TIME > ?");
            args.add(filter.startedAfter());
        }
        if (filter.cluster() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION_PARAMS p WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
                    + " AND p.PARAMETER_NAME = 'cluster' AND p.PARAMETER_VALUE = ?)");
            args.add(filter.cluster());
        }
        sql.append(" ORDER BY e.JOB_EXECUTION_ID DESC");
        return read(c -> {
            List<Run> runs = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    st.setObject(i + 1, args.get(i));
                }
                st.setMaxRows(limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        runs.add(run(rs, List.of(), List.of()));
                    }
                }
            }
            return runs;
        }, List.of());
    }

    /** One execution with its parameters and steps (in the order they started), or empty if there is none with this id. */
    public Optional<Run> find(long id) {
        return read(c -> {
            try (PreparedStatement st = c.prepareStatement(EXECUTIONS + " WHERE e.JOB_EXECUTION_ID = ?")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(run(rs, parameters(c, id), steps(c, id))) : Optional.<Run>empty();
                }
            }
        }, Optional.empty());
    }

    /** The newest FAILED execution (with its parameters and steps) and the id of a later execution of its instance, its restart. */
    public record Failure(Run run, OptionalLong restartedAs) {
    }

    /** The newest FAILED execution, read in one connection (a monitoring check opens the repository once). */
    public Optional<Failure> lastFailure() {
        return read(c -> {
            Run failed;
            try (PreparedStatement st = c.prepareStatement(EXECUTIONS + " WHERE e.STATUS = 'FAILED' ORDER BY e.JOB_EXECUTION_ID DESC")) {
                st.setMaxRows(1);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Failure>empty();
                    }
                    long id = rs.getLong(1);
                    failed = run(rs, parameters(c, id), steps(c, id));
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION"
                    + " WHERE JOB_INSTANCE_ID = ? AND JOB_EXECUTION_ID > ?")) {
                st.setLong(1, failed.instanceId());
                st.setLong(2, failed.id());
                try (ResultSet rs = st.executeQuery()) {
                    // MAX over no rows is one row holding NULL, which getLong reads as 0; ids start at 1
                    long restart = rs.next() ? rs.getLong(1) : 0;
                    return Optional.of(new Failure(failed, restart == 0 ? OptionalLong.empty() : OptionalLong.of(restart)));
                }
            }
        }, Optional.empty());
    }

    private static Run run(ResultSet rs, List<Parameter> parameters, List<Step> steps) throws SQLException {
        return new Run(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, LocalDateTime.class), rs.getObject(8, LocalDateTime.class), parameters, steps);
    }

    private static List<Parameter> parameters(Connection c, long id) throws SQLException {
        List<Parameter> parameters = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING"
                + " FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = ? ORDER BY PARAMETER_NAME")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    parameters.add(new Parameter(rs.getString(1), type.substring(type.lastIndexOf('.') + 1), rs.getString(3), "Y".equals(rs.getString(4))));
                }
            }
        }
        return parameters;
    }

    private static List<Step> steps(Connection c, long id) throws SQLException {
        List<Step> steps = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT STEP_EXECUTION_ID, STEP_NAME, STATUS, READ_COUNT, WRITE_COUNT, COMMIT_COUNT,"
                + " ROLLBACK_COUNT, START_TIME, END_TIME, EXIT_CODE, EXIT_MESSAGE FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                + " ORDER BY STEP_EXECUTION_ID")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    steps.add(new Step(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), rs.getObject(8, LocalDateTime.class), rs.getObject(9, LocalDateTime.class), rs.getString(10),
                            rs.getString(11)));
                }
            }
        }
        return steps;
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Query<T> query, T whenAbsent) {
        try (Connection c = connect()) {
            if (c == null) {
                return whenAbsent;
            }
            c.setReadOnly(true);
            return query.run(c);
        } catch (SQLException e) {
            if (e.getErrorCode() == H2_TABLE_NOT_FOUND || PG_UNDEFINED_TABLE.equals(e.getSQLState())) {
                return whenAbsent;
            }
            throw new IllegalStateException("cannot read the job repository " + MetasnapRuntime.repositoryId(url) + ": " + e.getMessage()
                    + "; check --home or --job-repository-url", e);
        }
    }

    /**
     * How a reader opens an H2 file: as a client of the process serving it when one does (its lock
     * file exists), else read-only. A reader never serves the file itself: a job's transaction
     * through a reader's server would be lost when the reader exits. A read-only open holds the
     * file for the moment of the query; a job starting then waits for it (see
     * {@link BatchInfrastructureConfiguration#dataSource}).
     */
    static String h2ReadUrl(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return url;
        }
        String file = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        return Files.exists(Path.of(file + ".lock.db")) ? url + ";IFEXISTS=TRUE" : "jdbc:h2:file:" + file + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
    }

    /** A connection, or null when the H2 file does not exist yet; the driver is named, not looked up among all on the class path. */
    private Connection connect() throws SQLException {
        if (url.startsWith("jdbc:postgresql:")) {
            return new org.postgresql.Driver().connect(url, new Properties());
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        credentials.setProperty("password", "");
        long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
        while (true) {
            try {
                return org.h2.Driver.load().connect(h2ReadUrl(url), credentials);
            } catch (SQLException e) {
                if (e.getErrorCode() == H2_DATABASE_NOT_FOUND) {
                    return null;
                }
                // another process is opening the file or reading it read-only: a moment later it serves or lets go
                if ((e.getErrorCode() == H2_IN_USE || e.getErrorCode() == H2_LOCK_FILE) && System.nanoTime() < deadline) {
                    sleep(200);
                    continue;
                }
                throw e;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
