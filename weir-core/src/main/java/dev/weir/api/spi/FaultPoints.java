package dev.weir.api.spi;

import dev.weir.api.testing.FaultInjector;

/**
 * Implemented by the runtime context of an engine that supports fault injection: lets protocol code
 * that ships with Weir (two-phase-commit sinks) reach the job's {@link FaultInjector} at the named
 * points of its own protocol. A no-op outside fault-injection tests.
 */
public interface FaultPoints {

    /** Calls the job's fault injector at {@code point} for this subtask; may throw the injected fault. */
    void injectFault(FaultInjector.Point point, long checkpointId) throws Exception;
}
