package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.core.manifest.BackupLock;
import dev.metasnap.core.manifest.BackupLockOwner;
import dev.metasnap.core.manifest.LockHolders;
import dev.metasnap.core.format.Json;
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
@Command(name = LockCommand.NAME, description = LockCommand.DESCRIPTION,
        subcommands = {LockCommand.Show.class, LockCommand.Break.class})
final class LockCommand {

    static final String NAME = "lock";
    static final String DESCRIPTION = "Show or break the backup location's lock.";

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

    /** A holder as 'lock show --json' and 'status --json' print it; a null field is left out, as in every document of {@link Json}. */
    record Holder(String holder, String command, String runId, String host, long pid, boolean aliveHere, long jobExecutionId,
                  String acquiredAt, String expiresAt) {

        static Holder of(BackupLockOwner h) {
            return new Holder(describe(h), h.command(), h.runId(), h.host(), h.pid(), LockHolders.aliveHere(h), h.jobExecutionId(),
                    h.acquiredAt(), h.expiresAt());
        }
    }

    /** 'lock show --json': the lock only when it is held. */
    record ShowDocument(String location, boolean locked, Holder lock) {
    }

    @Command(name = "show", description = "Print who holds the lock, if anyone: command, host, pid, job execution, since when.")
    static final class Show extends LockAction {
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        void act(BackupLock lock, BackupLocation location, PrintWriter out) {
            Optional<BackupLockOwner> holder = lock.holder();
            if (json) {
                out.println(Json.writeString(new ShowDocument(location.describe(), holder.isPresent(), holder.map(Holder::of).orElse(null))));
                return;
            }
            out.println(holder.map(h -> "locked by " + describe(h)).orElse("not locked: " + location.describe()));
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
