package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.steps.manifest.BackupLock;
import dev.metasnap.steps.manifest.BackupStorage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap lock show|break}: the one-writer lock of a backup location. */
@Command(name = "lock", description = "Show or break the backup location's lock.",
        subcommands = {LockCommand.Show.class, LockCommand.Break.class})
final class LockCommand {

    @ParentCommand
    MetasnapCommand root;

    abstract static class LockAction implements Callable<Integer> {
        @ParentCommand
        LockCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        LocationOptions locationOptions;

        @Override
        public Integer call() {
            try (CliSession session = parent.root.session()) {
                BackupLocation location = locationOptions.resolve(session, parent.root.environment(), spec.commandLine().getErr());
                BackupStorage backupStorage = session.openChecked(location);
                try (var store = backupStorage.store()) {
                    act(new BackupLock(backupStorage), location, spec.commandLine().getOut());
                }
            }
            return ExitCodes.OK;
        }

        abstract void act(BackupLock lock, BackupLocation location, PrintWriter out);
    }

    @Command(name = "show", description = "Print who holds the lock, if anyone.")
    static final class Show extends LockAction {
        @Override
        void act(BackupLock lock, BackupLocation location, PrintWriter out) {
            out.println(lock.holder().map(h -> "locked by " + h.describe()).orElse("not locked: " + location.describe()));
        }
    }

    @Command(name = "break", description = "Remove the lock whoever holds it; only when its holder is known to be gone.")
    static final class Break extends LockAction {
        @Override
        void act(BackupLock lock, BackupLocation location, PrintWriter out) {
            out.println(lock.breakLock().map(h -> "broke the lock held by " + h.describe()).orElse("not locked: " + location.describe()));
        }
    }
}
