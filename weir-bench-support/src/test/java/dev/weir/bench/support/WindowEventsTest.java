package dev.weir.bench.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.bench.support.WindowEvents.Event;
import org.junit.jupiter.api.Test;

/**
 * The window workloads' events, which both engines' benchmarks take from this class: the pinned
 * values make a change to them deliberate (the window results pinned by both modules'
 * WindowWorkloadsTest depend on them).
 */
class WindowEventsTest {

    @Test
    void theEventsAreThePinnedOnes() {
        WindowEvents small = new WindowEvents(1001, 10, 2);
        assertEquals(new Event(5, 0, 1_699_999_999_904L), small.event(0));
        assertEquals(new Event(5, 1, 1_699_999_999_975L), small.event(1));
        assertEquals(new Event(7, 99, 1_699_999_999_955L), small.event(499));
        assertEquals(new Event(3, 0, 1_700_000_000_003L), small.event(500)); // last of split 0 (501 long)
        assertEquals(new Event(5, 1, 1_699_999_999_904L), small.event(501)); // first of split 1
        assertEquals(new Event(6, 0, 1_699_999_999_983L), small.event(1000));
        WindowEvents large = new WindowEvents(20_000_000, 100_000, 2);
        assertEquals(new Event(76117, 99, 1_700_000_199_909L), large.event(9_999_999));
        assertEquals(new Event(96983, 0, 1_699_999_999_990L), large.event(10_000_000));
        assertEquals(new Event(30717, 99, 1_700_000_199_902L), large.event(19_999_999));
    }

    @Test
    void eachSplitStartsAtTheEpochAndNoEventIsAsFarBehindAsTheDisorderBound() {
        long records = 100_003;
        int parallelism = 3;
        WindowEvents events = new WindowEvents(records, 1000, parallelism);
        long splitStart = 0;
        for (int split = 0; split < parallelism; split++) {
            long splitEnd = splitStart + records / parallelism + (split < records % parallelism ? 1 : 0);
            long max = 0;
            for (long i = splitStart; i < splitEnd; i++) {
                long time = events.event(i).timestamp();
                assertTrue(time > max - WindowEvents.DISORDER_MS, "event " + i + " at " + time + " after " + max);
                max = Math.max(max, time);
            }
            long first = events.event(splitStart).timestamp(); // every split starts at the epoch
            assertTrue(first <= WindowEvents.EPOCH_MS && first > WindowEvents.EPOCH_MS - WindowEvents.DISORDER_MS);
            splitStart = splitEnd;
        }
        assertEquals(records, splitStart);
    }

    @Test
    void theValueSumIsTheSumOfTheValues() {
        WindowEvents events = new WindowEvents(12_345, 7, 2);
        long sum = 0;
        for (long i = 0; i < 12_345; i++) {
            sum += events.event(i).value();
        }
        assertEquals(sum, events.valueSum());
    }

    @Test
    void everyKeyOccursAndEventTimeAdvancesOneSecondPer100000Events() {
        long records = 200_000;
        long keys = 1000;
        WindowEvents events = new WindowEvents(records, keys, 2);
        long[] perKey = new long[(int) keys];
        for (long i = 0; i < records; i++) {
            perKey[(int) events.event(i).key()]++;
        }
        for (long n : perKey) {
            assertTrue(n > 100 && n < 300, "a key with " + n + " of 200 expected events");
        }
        long span = events.event(records / 2 - 1).timestamp() - WindowEvents.EPOCH_MS;
        assertEquals(records * 1000 / WindowEvents.EVENTS_PER_SECOND, span, WindowEvents.DISORDER_MS + 1);
    }
}
