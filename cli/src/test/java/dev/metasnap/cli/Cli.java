package dev.metasnap.cli;

import dev.metasnap.config.BackupSettings;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.tools.ToolsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs the command line in-process, as {@code main} would, and captures output and exit code:
 * metasnap's commands, and the tools jar's ({@link #tools}) that set clusters up for them.
 */
final class Cli {

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Path home;
    private final Map<String, String> env = new HashMap<>();
    private ObjectStores stores = ObjectStores.real();
    private EtcdGateways gateways = EtcdGateways.real();
    private BackupSettings settings = BackupSettings.defaults();

    Cli(Path home) {
        this.home = home;
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Cli stores(ObjectStores stores) {
        this.stores = stores;
        return this;
    }

    Cli gateways(EtcdGateways gateways) {
        this.gateways = gateways;
        return this;
    }

    Cli settings(BackupSettings settings) {
        this.settings = settings;
        return this;
    }

    /** A generated cluster (the tools' demo-cluster) whose backup params point at {@code backupUrl}, directory "backup". */
    Cli generateCluster(String stateStore, int keys, String backupUrl) {
        for (Result r : new Result[] {
            tools("demo-cluster", "--state-store", stateStore, "--keys", Integer.toString(keys)),
            run("params", "set", "backup_storage_url", backupUrl),
            run("params", "set", "backup_storage_directory", "backup")}) {
            if (r.exitCode() != 0) {
                throw new AssertionError("preparing the cluster failed: " + r);
            }
        }
        return this;
    }

    Result run(String... args) {
        // built as Main builds it: only the named command from its annotations, the others stand-ins
        return execute(MetasnapCommand.commandLine(new MetasnapCommand(environment()).backupSettings(settings), args), args);
    }

    /** A command of the tools jar ({@code metasnap-tools}), in the same environment. */
    Result tools(String... args) {
        return execute(ToolsCommand.commandLine(environment()), args);
    }

    private CliEnvironment environment() {
        return new CliEnvironment(gateways, stores, env::get, home);
    }

    private static Result execute(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
