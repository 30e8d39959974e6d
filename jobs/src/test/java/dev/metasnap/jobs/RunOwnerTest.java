package dev.metasnap.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class RunOwnerTest {

    private static ExecutionContext owner(long pid, Long started) {
        ExecutionContext context = new ExecutionContext();
        context.putString(RunOwner.HOST, RunOwner.host());
        context.putLong(RunOwner.PID, pid);
        if (started != null) {
            context.putLong(RunOwner.STARTED, started);
        }
        return context;
    }

    private static long myStart() {
        return ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    }

    @Test
    void theRecordedProcessIsAliveWhenPidAndStartTimeMatch() {
        ExecutionContext me = owner(ProcessHandle.current().pid(), myStart());
        assertTrue(RunOwner.ownerIsAliveHere(me));
        assertFalse(RunOwner.ownerIsGone(me));
    }

    @Test
    void aPidReusedByAnotherProcessIsNotTheOwner() {
        ExecutionContext reused = owner(ProcessHandle.current().pid(), myStart() - 60_000);
        assertFalse(RunOwner.ownerIsAliveHere(reused), "same pid, started a minute apart: another process");
        assertTrue(RunOwner.ownerIsGone(reused));
    }

    @Test
    void anOwnerOnAnotherHostCannotBeCheckedFromHere() {
        ExecutionContext elsewhere = owner(ProcessHandle.current().pid(), myStart());
        elsewhere.putString(RunOwner.HOST, "some-other-host.invalid");
        assertFalse(RunOwner.ownerIsAliveHere(elsewhere));
        assertFalse(RunOwner.ownerIsGone(elsewhere));
    }
}
