package dev.metasnap.cli;

import dev.metasnap.config.Durations;
import dev.metasnap.jobs.JobHistory;
import dev.metasnap.jobs.JobLogFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap jobs logs ID [--follow]}: a job execution's own log file. */
@Command(name = "logs", description = "Print a job execution's log; with --follow, keep printing until the job ends.")
final class JobsLogsCommand implements Callable<Integer> {

    @ParentCommand
    JobsCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID")
    long id;

    @Option(names = {"-f", "--follow"}, description = "keep printing new lines until the job ends (or --timeout passes)")
    boolean follow;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "how long --follow waits at most (default: ${DEFAULT-VALUE})")
    String timeout = "24h";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JobHistory history = JobsCommand.history(parent.root);
        JobHistory.Run run = JobsCommand.findRun(parent.root, id);
        Path log = JobLogFiles.file(parent.root.home(), id);
        long deadline = System.nanoTime() + Durations.parse(timeout).toNanos();
        long printed = 0;
        while (true) {
            printed = printFrom(log, printed, out);
            if (!follow || !running(run)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new PreconditionException("job execution " + id + " is still " + run.status() + " after --timeout " + timeout
                        + "; run 'metasnap jobs logs " + id + " --follow' again");
            }
            Thread.sleep(200);
            run = history.find(id).orElse(run);
        }
        if (printed == 0 && !Files.exists(log)) {
            throw new PreconditionException("job execution " + id + " has no log file " + log
                    + " (it ran before job logs existed, or under another --home); see 'metasnap jobs show " + id + "'");
        }
        // what the job wrote between the last read and its end
        printFrom(log, printed, out);
        return ExitCodes.OK;
    }

    private static boolean running(JobHistory.Run run) {
        return "STARTING".equals(run.status()) || "STARTED".equals(run.status()) || "STOPPING".equals(run.status());
    }

    /** Prints the complete lines after byte {@code from}; returns the offset after them. */
    private static long printFrom(Path log, long from, PrintWriter out) throws IOException {
        if (!Files.exists(log)) {
            return from;
        }
        try (FileChannel channel = FileChannel.open(log)) {
            long size = channel.size();
            if (size <= from) {
                return from;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - from, Integer.MAX_VALUE));
            channel.read(buffer, from);
            byte[] bytes = buffer.array();
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            out.print(new String(bytes, 0, end, StandardCharsets.UTF_8));
            out.flush();
            return from + end;
        }
    }
}
