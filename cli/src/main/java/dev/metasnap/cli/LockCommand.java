package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.steps.manifest.BackupLock;
import dev.metasnap.steps.manifest.BackupLockOwner;
import dev.metasnap.steps.manifest.LockHolders;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
                act(new BackupLock(session.openChecked(location)), location, spec.commandLine().getOut());
            }
            return ExitCodes.OK;
        }

        abstract void act(BackupLock lock, BackupLocation location, PrintWriter out);
    }

    static String describe(BackupLockOwner h) {
        return h.describe() + (LockHolders.aliveHere(h) ? " (its process runs on this host)" : "");
    }

    @Command(name = "show", description = "Print who holds the lock, if anyone: command, host, pid, job execution, since when.")
    static final class Show extends LockAction {
        @Override
        void act(BackupLock lock, BackupLocation location, PrintWriter out) {
            out.println(lock.holder().map(h -> "locked by " + describe(h)).orElse("not locked: " + location.describe()));
        }
    }

    @Command(name = "break", description = "Remove the lock whoever holds it; only when its holder is known to be gone.")
    static final class Break extends LockAction {
        @Option(names = "--force", description = "break it even though its holder's process still runs on this host")
        boolean force;

        @Override
        void act(BackupLock lock, BackupLocation location, PrintWriter out) {
            Optional<BackupLockOwner> holder = lock.holder();
            if (holder.isPresent() && LockHolders.aliveHere(holder.get()) && !force) {
                throw new PreconditionException("the lock of " + location.describe() + " is held by " + describe(holder.get())
                        + ", which still runs; stop it (SIGTERM) instead, or add --force if you are sure");
            }
            out.println(lock.breakLock().map(h -> "broke the lock held by " + describe(h)).orElse("not locked: " + location.describe()));
        }
    }
}
