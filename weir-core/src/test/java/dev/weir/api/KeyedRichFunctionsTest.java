package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichFilterFunction;
import dev.weir.api.functions.RichFlatMapFunction;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.connector.CollectSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rich map, flatMap and filter functions on a KeyedStream see the keyed state of each record's key, as in Flink. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KeyedRichFunctionsTest {
    private static final String[] WORDS = {"a", "b", "a", "c", "a", "b", "d", "c", "a"};

    /** Counts the occurrences of each word so far in keyed state. */
    static final class Occurrence {
        private final ValueState<Long> seen;

        /** Made in {@code open}: each subtask's (shallow) copy of the function needs its own. */
        Occurrence(RuntimeContext context) {
            seen = context.getState(new ValueStateDescriptor<>("seen", Long.class));
        }

        long next() throws Exception {
            Long before = seen.value();
            long now = before == null ? 1 : before + 1;
            seen.update(now);
            return now;
        }
    }

    @Test
    void aRichMapOnAKeyedStream_keepsStatePerKey() throws Exception {
        List<String> out = run(env -> env.fromData(WORDS).keyBy(w -> w).map(new RichMapFunction<String, String>() {
            private transient Occurrence occurrence;

            @Override
            public void open(OpenContext openContext) {
                occurrence = new Occurrence(getRuntimeContext());
            }

            @Override
            public String map(String word) throws Exception {
                return word + "," + occurrence.next();
            }
        }));

        assertEquals(List.of("a,1", "a,2", "a,3", "a,4", "b,1", "b,2", "c,1", "c,2", "d,1"), out);
    }

    @Test
    void aRichFlatMapOnAKeyedStream_keepsStatePerKey() throws Exception {
        List<String> out = run(env -> env.fromData(WORDS).keyBy(w -> w)
                .flatMap(new RichFlatMapFunction<String, String>() {
                    private transient Occurrence occurrence;

                    @Override
                    public void open(OpenContext openContext) {
                        occurrence = new Occurrence(getRuntimeContext());
                    }

                    @Override
                    public void flatMap(String word, Collector<String> collector) throws Exception {
                        long n = occurrence.next();
                        for (long i = 0; i < n; i++) {
                            collector.collect(word + "," + n);
                        }
                    }
                }));

        assertEquals(List.of("a,1", "a,2", "a,2", "a,3", "a,3", "a,3", "a,4", "a,4", "a,4", "a,4", "b,1", "b,2",
                "b,2", "c,1", "c,2", "c,2", "d,1"), out);
    }

    @Test
    void aRichFilterOnAKeyedStream_keepsStatePerKey() throws Exception {
        List<String> out = run(env -> env.fromData(WORDS).keyBy(w -> w).filter(new RichFilterFunction<String>() {
            private transient Occurrence occurrence;

            @Override
            public void open(OpenContext openContext) {
                occurrence = new Occurrence(getRuntimeContext());
            }

            @Override
            public boolean filter(String word) throws Exception {
                return occurrence.next() == 1;
            }
        }));

        assertEquals(List.of("a", "b", "c", "d"), out);
    }

    private interface Job {
        DataStream<String> define(StreamExecutionEnvironment env);
    }

    /** The sorted output of the job on two subtasks. */
    private static List<String> run(Job job) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        job.define(env).sinkTo(sink);
        env.execute();
        return sink.results().stream().sorted().toList();
    }
}
