package dev.weir.runtime;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.Sink;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;

/** A full channel blocks its producer: a fast source cannot run far ahead of a slow sink. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BackpressureTest {

    /** Writes slowly and tracks how far the source ran ahead of it. */
    static final class SlowSink implements Sink<Long> {
        private final AtomicLong generated;
        private final AtomicLong written;
        private final AtomicLong maxLead;

        SlowSink(AtomicLong generated, AtomicLong written, AtomicLong maxLead) {
            this.generated = generated;
            this.written = written;
            this.maxLead = maxLead;
        }

        @Override
        public void write(Long value) throws InterruptedException {
            long n = written.incrementAndGet();
            long lead = generated.get() - n;
            maxLead.accumulateAndGet(lead, Math::max);
            if (n % 16 == 0) {
                Thread.sleep(1);
            }
        }
    }

    @ParameterizedTest(name = "batch size {0}, channel capacity {1}")
    @CsvSource({"16, 1", "16, 2", "8, 3", "32, 1"})
    void aFastSourceRunsAheadOfASlowSinkByAtMostWhatTheChannelsHold(int batchSize, int capacity) {
        AtomicLong generated = new AtomicLong();
        AtomicLong written = new AtomicLong();
        AtomicLong maxLead = new AtomicLong();
        long count = 4_000;

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
                .setBatchSize(batchSize).setChannelCapacity(capacity);
        env.fromSource(new DataGeneratorSource<>(i -> {
                    generated.incrementAndGet();
                    return i;
                }, count), WatermarkStrategy.noWatermarks(), "Fast")
                .rebalance() // a channel between source and sink, even at parallelism 1
                .sinkTo(new SlowSink(generated, written, maxLead)).name("Slow");
        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(count, written.get());
        assertEquals(count, generated.get());
        // In flight at most: the batch the sink is writing, `capacity` batches in the channel, the
        // full batch the blocked source is trying to hand over, and the record being emitted.
        long bound = (long) batchSize * (capacity + 2) + 1;
        assertTrue(maxLead.get() <= bound, "source ran " + maxLead.get() + " records ahead of the sink; "
                + "bound with batch size " + batchSize + " and capacity " + capacity + " is " + bound);
        assertTrue(maxLead.get() >= (long) batchSize * capacity,
                "the source should have filled the channel while the sink slept, lead was only " + maxLead.get());
    }

    @ParameterizedTest(name = "{0} upstream subtasks")
    @CsvSource({"2", "3"})
    void withSeveralProducersTheLeadIsBoundedPerChannel(int producers) {
        int batchSize = 16;
        int capacity = 2;
        AtomicLong generated = new AtomicLong();
        AtomicLong written = new AtomicLong();
        AtomicLong maxLead = new AtomicLong();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(producers)
                .setBatchSize(batchSize).setChannelCapacity(capacity);
        env.fromSource(new DataGeneratorSource<>(i -> {
                    generated.incrementAndGet();
                    return i;
                }, 6_000), WatermarkStrategy.noWatermarks(), "Fast")
                .sinkTo(new SlowSink(generated, written, maxLead)).name("Slow").setParallelism(1);
        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(6_000, written.get());
        long bound = (long) producers * batchSize * (capacity + 1) + batchSize + producers;
        assertTrue(maxLead.get() <= bound, "lead " + maxLead.get() + " exceeds " + bound);
    }
}
