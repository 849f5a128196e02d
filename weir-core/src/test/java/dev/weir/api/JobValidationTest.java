package dev.weir.api;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.connector.CollectSink;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in a job are reported before any task starts, naming the option or operator. */
class JobValidationTest {

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
        }
    }

    @Test
    void aJobWithoutASinkIsRejectedByExecuteAndExecuteAsync() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setJobName("sinkless");
        env.fromSequence(1, 3).map(x -> x);
        assertMentions(assertThrows(IllegalStateException.class, () -> env.executeAsync().awaitResult()), "'sinkless'", "no sink");
        assertMentions(assertThrows(IllegalStateException.class, env::executeAsync), "no sink");
    }

    @Test
    void anEmptyJobIsRejected() {
        assertThrows(IllegalStateException.class, () -> StreamExecutionEnvironment.getExecutionEnvironment().execute());
    }

    @Test
    void environmentParallelismBelowOneIsRejected() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertMentions(assertThrows(IllegalArgumentException.class, () -> env.setParallelism(0)), "parallelism", "0");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> env.setParallelism(-3)), "-3");
        assertTrue(env.getParallelism() >= 1, "the default stays");
    }

    @Test
    void operatorParallelismBelowOneIsRejectedNamingTheOperator() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<Long> doubler = env.fromSequence(1, 3).map(x -> x * 2).name("Doubler");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> doubler.setParallelism(0)), "'Doubler'");
        DataStreamSink<Long> sink = doubler.sinkTo(new CollectSink<>()).name("Out");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> sink.setParallelism(-1)), "'Out'");
    }

    @Test
    void maxParallelismBelowTheParallelismFailsAtExecuteNamingTheOperator() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(8).setMaxParallelism(4);
        env.fromSequence(1, 3).name("Numbers").sinkTo(new CollectSink<>());
        assertMentions(assertThrows(IllegalArgumentException.class, () -> env.executeAsync().awaitResult()), "'Numbers'", "8",
                "maxParallelism 4");
    }

    @Test
    void anOperatorParallelismAboveTheDefaultMaxParallelismFailsAtExecute() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSequence(1, 3).map(x -> x).name("Huge").setParallelism(200).sinkTo(new CollectSink<>());
        assertMentions(assertThrows(IllegalArgumentException.class, env::executeAsync), "'Huge'", "200", "128");
    }

    @Test
    void maxParallelismOutsideItsBoundsIsRejected() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertThrows(IllegalArgumentException.class, () -> env.setMaxParallelism(0));
        assertThrows(IllegalArgumentException.class, () -> env.setMaxParallelism((1 << 15) + 1));
        assertEquals(1 << 15, env.setMaxParallelism(1 << 15).getMaxParallelism());
    }

    @Test
    void aDuplicateUidIsRejectedNamingTheUidAndBothOperators() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 3).map(x -> x).name("First").uid("same")
                .filter(x -> true).name("Second").uid("same")
                .sinkTo(new CollectSink<>());
        assertMentions(assertThrows(IllegalArgumentException.class, () -> env.executeAsync().awaitResult()), "'same'", "'First'", "'Second'");
    }

    @Test
    void blankNamesAndUidsAreRejected() {
        SingleOutputStreamOperator<Long> s = StreamExecutionEnvironment.getExecutionEnvironment().fromSequence(1, 3);
        assertThrows(IllegalArgumentException.class, () -> s.name(" "));
        assertThrows(IllegalArgumentException.class, () -> s.uid(""));
        assertThrows(IllegalArgumentException.class, () -> StreamExecutionEnvironment.getExecutionEnvironment().setJobName(" "));
    }

    @Test
    void aMissingInputFileFailsBeforeAnyTaskStartsNamingThePath(@TempDir Path dir) {
        AtomicLong generated = new AtomicLong();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        Path missing = dir.resolve("no-such-file.txt");
        env.readTextFile(missing.toString()).sinkTo(new CollectSink<>());
        env.fromGenerator(10, i -> generated.incrementAndGet()).sinkTo(new CollectSink<>());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.executeAsync().awaitResult());
        assertMentions(e, missing.toAbsolutePath().toString(), "does not exist");
        assertEquals(0, generated.get(), "no task may have started");
    }

    @Test
    void aNonParallelSourceWithAnExplicitHigherParallelismIsRejected() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromElements(1, 2, 3).name("Few").setParallelism(2).sinkTo(new CollectSink<>());
        assertMentions(assertThrows(IllegalArgumentException.class, () -> env.executeAsync().awaitResult()), "'Few'", "up to 1");
    }

    @Test
    void batchSizeAndChannelCapacityBelowOneAreRejected() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertMentions(assertThrows(IllegalArgumentException.class, () -> env.setBatchSize(0)), "batchSize");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> env.setChannelCapacity(0)),
                "channelCapacity");
    }

    @Test
    void nullFunctionsAreRejectedWhenTheJobIsDefined() {
        SingleOutputStreamOperator<Long> s = StreamExecutionEnvironment.getExecutionEnvironment().fromSequence(1, 3);
        assertThrows(NullPointerException.class, () -> s.map(null));
        assertThrows(NullPointerException.class, () -> s.keyBy(null));
        assertThrows(NullPointerException.class, () -> s.sinkTo(null));
    }

    @Test
    void anInvalidGeneratorSetupIsRejectedWhenDefined() {
        assertThrows(IllegalArgumentException.class, () -> new DataGeneratorSource<>(i -> i, -1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertThrows(IllegalArgumentException.class, () -> env.fromSequence(5, 4));
        assertThrows(IllegalArgumentException.class, () -> env.fromSequence(Long.MIN_VALUE, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> RateLimiterStrategy.perSecond(0));
    }
}
