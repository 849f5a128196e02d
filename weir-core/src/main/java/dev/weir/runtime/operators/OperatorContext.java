package dev.weir.runtime.operators;

import dev.weir.api.Collector;
import dev.weir.runtime.CheckpointTiming;
import dev.weir.api.testing.FaultInjector;
import dev.weir.runtime.ProcessingTimeService;
import dev.weir.runtime.RecordErrors;
import dev.weir.api.spi.SubtaskInfo;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.state.serialization.Serializers;

/**
 * What an operator gets from the task that runs it.
 *
 * @param info          operator name, subtask, parallelism
 * @param output        where the operator emits (a chained operator, channels, or both)
 * @param timeService   the task's clock; callbacks run on the task thread
 * @param keyGroupRange key groups this subtask owns (keyed operators only, else null)
 * @param restore       the state to start from ({@link OperatorRestore#NONE} on a fresh start)
 * @param serializers   serializers for state, including those registered by the user
 * @param attempt       how many restarts preceded this run (0 on the first)
 * @param checkpointing the job's checkpoint interval and timeout ({@link CheckpointTiming#OFF} without checkpoints)
 * @param faults        the test hook for fault injection ({@link FaultInjector#NONE} normally)
 * @param stateBackend  creates the keyed state backend (keyed operators only)
 * @param sideOutputs   where the operator's side outputs go, by tag
 * @param errors        the operator's error policy at work (a source applies it to malformed input)
 */
public record OperatorContext(SubtaskInfo info, Collector<Object> output, ProcessingTimeService timeService,
                              KeyGroupRange keyGroupRange, OperatorRestore restore, Serializers serializers,
                              int attempt, CheckpointTiming checkpointing, FaultInjector faults,
                              KeyedStateBackendFactory stateBackend, SideOutputs sideOutputs, RecordErrors errors) {

    /** Without side outputs, under the fail policy. */
    public OperatorContext(SubtaskInfo info, Collector<Object> output, ProcessingTimeService timeService,
                           KeyGroupRange keyGroupRange, OperatorRestore restore, Serializers serializers,
                           int attempt, CheckpointTiming checkpointing, FaultInjector faults,
                           KeyedStateBackendFactory stateBackend) {
        this(info, output, timeService, keyGroupRange, restore, serializers, attempt, checkpointing, faults,
                stateBackend, SideOutputs.NONE, RecordErrors.failing(info));
    }

    /** The output, typed for the operator's output records. */
    @SuppressWarnings("unchecked")
    public <T> Collector<T> typedOutput() {
        return (Collector<T>) (Collector<?>) output;
    }
}
