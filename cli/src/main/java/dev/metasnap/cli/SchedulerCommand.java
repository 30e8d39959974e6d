package dev.metasnap.cli;

import dev.metasnap.config.SchedulerSettings;
import dev.metasnap.scheduler.ClusterJobLauncher;
import dev.metasnap.scheduler.JobMetrics;
import dev.metasnap.scheduler.MetricsHttpServer;
import dev.metasnap.scheduler.SchedulerConfigLoader;
import dev.metasnap.scheduler.SchedulerDaemon;
import dev.metasnap.scheduler.SchedulerPreflight;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap scheduler --config FILE}: the Quartz daemon for nightly backups, prunes and verifies. */
@Command(name = SchedulerCommand.NAME, description = SchedulerCommand.DESCRIPTION)
final class SchedulerCommand implements Callable<Integer> {

    static final String NAME = "scheduler";
    static final String DESCRIPTION = "Run the scheduler daemon: backups, prunes and verifies on cron schedules from a YAML file.";

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the daemon's YAML configuration (see scripts/metasnap-scheduler.example.yaml)")
    Path config;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SchedulerSettings settings = SchedulerConfigLoader.load(config);
        List<SchedulerPreflight.Problem> problems = SchedulerPreflight.problems(settings, root.environment().env());
        if (!problems.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(p -> err.println("error: scheduler config " + config + ": " + p.message()));
            err.flush();
            return problems.stream().anyMatch(SchedulerPreflight.Problem::usage) ? ExitCodes.BAD_INPUT : ExitCodes.PRECONDITION;
        }
        if (settings.home() != null && root.home == null) {
            root.home = Path.of(settings.home());
        }
        if (settings.jobRepositoryUrl() != null) {
            root.jobRepositoryUrl = settings.jobRepositoryUrl();
        }
        JobMetrics metrics = new JobMetrics();
        CliSession session = root.session();
        MetricsHttpServer http = null;
        SchedulerDaemon daemon;
        try {
            session.claimHome("scheduler");
            http = settings.metrics().listen() == null ? null : MetricsHttpServer.start(settings.metrics().listen(), metrics);
            ClusterJobLauncher launcher = new ClusterJobLauncher(session.context(), session.connections(), settings, metrics, root.environment().env());
            boolean clustered = session.jobRepositoryUrl().startsWith("jdbc:postgresql:");
            daemon = SchedulerDaemon.start(settings, launcher, clustered ? session.context().getBean(javax.sql.DataSource.class) : null);
        } catch (Exception | Error e) {
            if (http != null) {
                http.close();
            }
            session.close();
            throw e;
        }
        MetricsHttpServer server = http;
        // SIGTERM and SIGINT are handled here rather than by a shutdown hook: the JVM's exit hooks
        // (H2 closes its database in one) would race the running job recording that it stopped
        Runnable stop = () -> {
            // the main thread waits on this latch: it must open even when a close fails, or the
            // process would hang until SIGKILL with every later signal ignored
            try {
                daemon.close();
                if (server != null) {
                    server.close();
                }
            } finally {
                try {
                    session.close();
                } finally {
                    stopped.countDown();
                }
            }
        };
        // a second signal (systemd's, then an impatient Ctrl-C) must not close the session under the first stop
        AtomicBoolean stopping = new AtomicBoolean();
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                if (stopping.compareAndSet(false, true)) {
                    new Thread(stop, "metasnap-stop").start();
                }
            });
        }
        out.println("scheduler running for " + settings.clusters().size() + " cluster(s)"
                + (server == null ? "" : "; metrics on http://" + settings.metrics().listen().replaceAll(":\\d+$", "") + ":" + server.port() + "/metrics")
                + "; stop with SIGTERM");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
