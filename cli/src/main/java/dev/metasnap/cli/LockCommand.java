package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.core.manifest.BackupLock;
import dev.metasnap.core.manifest.BackupLockOwner;
import dev.metasnap.core.manifest.LockHolders;
import dev.metasnap.core.format.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** A holder as JSON fields; 'lock show --json' and 'status --json' share it. */
    static Map<String, Object> document(BackupLockOwner h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holder", describe(h));
        m.put("command", h.command());
        m.put("run_id", h.runId());
        m.put("host", h.host());
        m.put("pid", h.pid());
        m.put("alive_here", LockHolders.aliveHere(h));
        m.put("job_execution_id", h.jobExecutionId());
        m.put("acquired_at", h.acquiredAt());
        m.put("expires_at", h.expiresAt());
        return m;
    }

    @Command(name = "show", description = "Print who holds the lock, if anyone: command, host, pid, job execution, since when.")
    static final class Show extends LockAction {
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        void act(BackupLock lock, BackupLocation location, PrintWriter out) {
            Optional<BackupLockOwner> holder = lock.holder();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("location", location.describe());
                doc.put("locked", holder.isPresent());
                holder.ifPresent(h -> doc.put("lock", document(h)));
                out.println(Json.writeString(doc));
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
