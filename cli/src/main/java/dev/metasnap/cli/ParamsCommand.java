package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.StorageUrl;
import dev.metasnap.config.SystemParam;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.params.BackupNotConfiguredException;
import dev.metasnap.core.params.SystemParams;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap params show|set}: the cluster's system parameters. */
@Command(name = ParamsCommand.NAME, description = ParamsCommand.DESCRIPTION,
        subcommands = {ParamsCommand.Show.class, ParamsCommand.Set.class})
final class ParamsCommand {

    static final String NAME = "params";
    static final String DESCRIPTION = "Show or set the cluster's system parameters.";

    @ParentCommand
    MetasnapCommand root;

    private static final java.util.Set<String> SECRET_BEARING = java.util.Set.of(SystemParam.BACKUP_STORAGE_URL, SystemParam.STATE_STORE);

    @Command(name = "show", description = "Print every system parameter (secrets in URLs are masked).")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ParamsCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        EtcdOptions etcd;

        @Option(names = "--json", description = "print JSON: an object of parameter name to value (secrets masked)")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            EtcdSettings settings = etcd.settings(parent.root.environment(), spec.commandLine().getErr());
            try (CliSession session = parent.root.session(); EtcdGateway gateway = session.etcd(settings)) {
                Map<String, String> shown = new java.util.TreeMap<>();
                new SystemParams(gateway, settings.rootPrefix()).all().forEach((name, value) -> shown.put(name, display(name, value)));
                if (json) {
                    out.println(dev.metasnap.core.format.Json.writeString(shown));
                } else {
                    shown.forEach((name, value) -> out.println(name + " = " + value));
                }
            }
            return ExitCodes.OK;
        }
    }

    static String display(String name, String value) {
        if (!SECRET_BEARING.contains(name) || value.isBlank()) {
            return value;
        }
        try {
            StorageUrl url = StorageUrl.parse(value);
            return (value.startsWith("hummock+") ? "hummock+" : "") + url.redacted();
        } catch (RuntimeException e) {
            return StorageUrl.redactText(value);
        }
    }

    @Command(name = "set", description = "Set one system parameter; the name and value are checked first. Moving the backup location while it holds snapshots, or an unknown name, needs --force.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        ParamsCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        EtcdOptions etcd;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1",
                description = "the new value; leave it out and use --value-file for a value with a secret, which 'ps' would show")
        String value;

        @Option(names = "--value-file", paramLabel = "FILE", description = "read the value from the first line of FILE ('-' for standard input)")
        java.nio.file.Path valueFile;

        @Option(names = "--force", description = "change the backup location even though snapshots exist at the current one; set a parameter this metasnap does not know")
        boolean force;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            EtcdSettings settings = etcd.settings(parent.root.environment(), spec.commandLine().getErr());
            value = value(value, valueFile);
            SystemParam.validate(name, value, force);
            try (CliSession session = parent.root.session(); EtcdGateway gateway = session.etcd(settings)) {
                SystemParams params = new SystemParams(gateway, settings.rootPrefix());
                Optional<String> old = params.get(name);
                if (old.isPresent() && old.get().equals(value)) {
                    out.println(name + " is already " + display(name, value));
                    return ExitCodes.OK;
                }
                if ((name.equals(SystemParam.BACKUP_STORAGE_URL) || name.equals(SystemParam.BACKUP_STORAGE_DIRECTORY)) && old.isPresent()) {
                    int hidden = snapshotsAtCurrentLocation(session, params);
                    if (hidden > 0 && !force) {
                        throw new PreconditionException("the current backup location holds " + hidden + " snapshot(s) that would no longer be"
                                + " listed, pruned or restored through the cluster's params; copy them first or pass --force");
                    }
                    if (hidden > 0) {
                        spec.commandLine().getErr().println("warning: " + hidden + " snapshot(s) at the old location are no longer visible through the cluster's params");
                    }
                }
                params.set(name, value);
                out.println(name + " = " + display(name, value) + (old.isPresent() ? " (was " + display(name, old.get()) + ")" : ""));
            }
            return ExitCodes.OK;
        }

        private static String value(String given, java.nio.file.Path file) {
            if ((given == null) == (file == null)) {
                throw new InvalidSettingException("give the value either as VALUE or with --value-file FILE, not " + (given == null ? "neither" : "both"));
            }
            if (given != null) {
                return given;
            }
            try {
                java.io.BufferedReader reader = file.toString().equals("-")
                        ? new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
                        : java.nio.file.Files.newBufferedReader(file);
                try (reader) {
                    String line = reader.readLine();
                    if (line == null || line.isBlank()) {
                        throw new InvalidSettingException("--value-file " + file + " is empty; put the value on its first line");
                    }
                    return line.strip();
                }
            } catch (java.io.IOException e) {
                throw new InvalidSettingException("cannot read --value-file " + file + ": " + e.getMessage());
            }
        }

        private static int snapshotsAtCurrentLocation(CliSession session, SystemParams params) {
            BackupLocation current;
            try {
                current = params.backupLocation();
            } catch (BackupNotConfiguredException e) {
                return 0;
            }
            BackupStorage storage = session.connections().backupStorage(current);
            try (var store = storage.store()) {
                return storage.readManifest().snapshotMetadata().size();
            }
        }
    }
}
