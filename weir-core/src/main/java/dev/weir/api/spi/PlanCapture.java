package dev.weir.api.spi;

import dev.weir.api.JobClient;
import java.util.concurrent.Callable;

/**
 * Runs a job's program only to obtain its plan: while {@link #capture} runs the program on this thread,
 * {@code StreamExecutionEnvironment.execute()} (and {@code executeAsync()}) runs nothing; it hands the
 * {@link JobSpec} to the capture and unwinds the program at once with {@link Captured}, so nothing the program
 * would do after {@code execute()} happens.
 *
 * <p>Why: Weir never serializes user functions (they are plain objects, often lambdas). A runner for a
 * distributed engine (the Flink runner) therefore rebuilds the plan in every worker JVM by running the
 * program again there, with the same arguments, and finds each operator's function by its node id. A program
 * must build the same plan for the same arguments; what it does before {@code execute()} happens again in each
 * worker.
 *
 * <p>Threading: the capture is per thread; a program that builds its job on another thread is not captured.
 */
public final class PlanCapture {

    private static final ThreadLocal<JobSpec[]> ACTIVE = new ThreadLocal<>();

    private PlanCapture() {
    }

    /**
     * Runs {@code program} on this thread and returns the job it executed first.
     *
     * @throws IllegalStateException the program ended without executing a job, or failed before it
     */
    public static JobSpec capture(Callable<?> program) {
        JobSpec[] slot = new JobSpec[1];
        JobSpec[] outer = ACTIVE.get();
        ACTIVE.set(slot);
        try {
            program.call();
        } catch (Captured done) {
            // the program reached execute(): the plan is in the slot
        } catch (Exception e) {
            if (slot[0] == null) {
                throw new IllegalStateException("the program failed before it executed its job: " + e, e);
            }
        } finally {
            if (outer == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(outer);
            }
        }
        if (slot[0] == null) {
            throw new IllegalStateException("the program ended without executing a job (no call of execute() or "
                    + "executeAsync() on this thread)");
        }
        return slot[0];
    }

    /** Whether this thread runs a program under {@link #capture}. */
    public static boolean isCapturing() {
        return ACTIVE.get() != null;
    }

    /** Called by the environment in place of an executor: records the job and unwinds the program. */
    public static JobClient captured(JobSpec job) {
        JobSpec[] slot = ACTIVE.get();
        if (slot == null) {
            throw new IllegalStateException("no plan capture runs on this thread");
        }
        if (slot[0] == null) {
            slot[0] = job;
        }
        throw new Captured();
    }

    /**
     * Unwinds a program from {@code execute()} to {@link #capture}. An {@link Error}, so that a program's
     * {@code catch (Exception e)} does not swallow it; it carries no stack trace.
     */
    public static final class Captured extends Error {
        private static final long serialVersionUID = 1L;

        Captured() {
            super("the job's plan was captured", null, false, false);
        }
    }
}
