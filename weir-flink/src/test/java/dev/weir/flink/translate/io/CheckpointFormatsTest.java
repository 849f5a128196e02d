package dev.weir.flink.translate.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.dag.Transformation;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.spi.JobSpec;
import dev.weir.connector.DiscardingSink;
import dev.weir.connector.file.FileSource;
import dev.weir.connector.file.FileSourceSplit;
import dev.weir.connector.file.TextLineInputFormat;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import dev.weir.state.OperatorStateBackend;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the Flink runner's sources and sinks write into Flink's checkpoints reads back the same: splits written by
 * Weir's serializer of the split type, the enumerator's unassigned splits (moved to existing subtasks after a
 * rescale), a sink's writer state and committables; a format it does not know is refused by name.
 */
class CheckpointFormatsTest {

    private static final PlanRef REF = new PlanRef(CheckpointFormatsTest.class.getName(), List.of("formats"));
    private static int sourceId;

    @BeforeAll
    static void registerPlan() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(), new dev.weir.api.fs.Path("/tmp/in"))
                .build(), WatermarkStrategy.noWatermarks(), "lines").sinkTo(new DiscardingSink<>());
        JobSpec spec = env.getJobSpec();
        Plans.register(REF, spec);
        sourceId = spec.plan().stream().filter(t -> t.kind() == Transformation.Kind.SOURCE).findFirst().orElseThrow()
                .id();
    }

    @Test
    void aFileSplitReadsBackWithItsIdAndPosition() throws IOException {
        WeirSplitSerializer<FileSourceSplit> serializer = new WeirSplitSerializer<>(new SourceRef(REF, sourceId));
        WeirSplit<FileSourceSplit> split = new WeirSplit<>("1-7-0", new FileSourceSplit("/tmp/in/a.txt", 1234, 2));

        assertEquals(split, serializer.deserialize(1, serializer.serialize(split)));
        IOException unknown = assertThrows(IOException.class, () -> serializer.deserialize(9, new byte[0]));
        assertTrue(unknown.getMessage().contains("format 9"), unknown.getMessage());
    }

    @Test
    void unassignedSplitsReadBackAndThoseOfGoneSubtasksMoveToExistingOnes() throws IOException {
        UnassignedSplitsSerializer<FileSourceSplit> serializer = new UnassignedSplitsSerializer<>(
                new SourceRef(REF, sourceId));
        WeirSplit<FileSourceSplit> a = new WeirSplit<>("initial-0-0", new FileSourceSplit("/tmp/in/a", 0, 3));
        WeirSplit<FileSourceSplit> c = new WeirSplit<>("initial-2-0", new FileSourceSplit("/tmp/in/c", 0, 3));
        UnassignedSplits<FileSourceSplit> state = new UnassignedSplits<>(Map.of(0, List.of(a), 2, List.of(c)));

        UnassignedSplits<FileSourceSplit> read = serializer.deserialize(1, serializer.serialize(state));

        assertEquals(state, read);
        assertEquals(Map.of(0, List.of(a, c)), read.rescaled(2).bySubtask());
    }

    @Test
    void aSinksWriterStateAndCommittableReadBackByteForByte() throws IOException {
        SinkWriterStateSerializer states = new SinkWriterStateSerializer();
        SinkWriterState state = new SinkWriterState(1, 2, Map.of("two-phase-commit-pending",
                new OperatorStateBackend.RawList(OperatorStateBackend.Mode.UNION, List.of(new byte[]{1, 2, 3}))));
        SinkWriterState read = states.deserialize(1, states.serialize(state));
        assertEquals(1, read.subtask());
        assertEquals(2, read.parallelism());
        assertEquals(OperatorStateBackend.Mode.UNION, read.image().get("two-phase-commit-pending").mode());
        assertArrayEquals(new byte[]{1, 2, 3}, read.image().get("two-phase-commit-pending").elements().get(0));

        SinkCommittableSerializer committables = new SinkCommittableSerializer();
        SinkCommittable committable = new SinkCommittable(1, 42, List.of(new byte[]{9, 8}, new byte[0]));
        SinkCommittable back = committables.deserialize(1, committables.serialize(committable));
        assertEquals(42, back.checkpointId());
        assertEquals(1, back.subtask());
        assertArrayEquals(new byte[]{9, 8}, back.pending().get(0));
        assertEquals(0, back.pending().get(1).length);
    }
}
