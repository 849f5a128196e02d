package dev.weir.runtime.operators;

import dev.weir.api.Collector;
import dev.weir.runtime.CheckpointTiming;
import dev.weir.api.testing.FaultInjector;
import dev.weir.runtime.ProcessingTimeService;
import dev.weir.runtime.RecordErrors;
import dev.weir.runtime.RecordTimestamp;
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
 * @param timestamp     the event timestamp of the record being processed, shared by the chain
 *                      (read it in {@code processElement}; see {@link RecordTimestamp} for who may set it)
 * @param autoWatermarkInterval how often (ms) watermark generators are asked for a periodic watermark
 *                      (sources and timestamp assigners; 0 = never)
 * @param fireProcessingTimersAtEnd whether pending processing-time timers fire at the end of input
 *                      (else they are dropped)
 * @param metricGroup   where the operator's functions register their own metrics
 */
public record OperatorContext(SubtaskInfo info, Output<Object> output, ProcessingTimeService timeService,
                              KeyGroupRange keyGroupRange, OperatorRestore restore, Serializers serializers,
                              int attempt, CheckpointTiming checkpointing, FaultInjector faults,
                              KeyedStateBackendFactory stateBackend, SideOutputs sideOutputs, RecordErrors errors,
                              RecordTimestamp timestamp, long autoWatermarkInterval,
                              boolean fireProcessingTimersAtEnd,
                              dev.weir.api.metrics.groups.OperatorMetricGroup metricGroup) {

    /** Default interval between periodic watermarks (ms), as in Flink. */
    public static final long DEFAULT_AUTO_WATERMARK_INTERVAL = 200;

    /** Without side outputs, under the fail policy. */
    public OperatorContext(SubtaskInfo info, Collector<Object> output, ProcessingTimeService timeService,
                           KeyGroupRange keyGroupRange, OperatorRestore restore, Serializers serializers,
                           int attempt, CheckpointTiming checkpointing, FaultInjector faults,
                           KeyedStateBackendFactory stateBackend) {
        this(info, Output.ofRecords(output), timeService, keyGroupRange, restore, serializers, attempt, checkpointing,
                faults, stateBackend, SideOutputs.NONE, RecordErrors.failing(info), new RecordTimestamp(),
                DEFAULT_AUTO_WATERMARK_INTERVAL, false, new dev.weir.runtime.metrics.UserMetricGroup());
    }

    /** The output, typed for the operator's output records. */
    @SuppressWarnings("unchecked")
    public <T> Output<T> typedOutput() {
        return (Output<T>) (Output<?>) output;
    }
}
