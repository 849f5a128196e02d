package dev.weir.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The steady-state rate from bursts of committed output. */
class SteadyRateTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theWarmupBurstAndTheRecordsBeforeItAreNotTimed() {
        SteadyRate rate = new SteadyRate(250);
        // one commit per second of 100 records, each read in two polls a few ms apart, empty polls between
        for (int commit = 1; commit <= 10; commit++) {
            long t = commit * SECOND;
            rate.poll(t, 60);
            rate.poll(t + 2_000_000, 40);
            rate.poll(t + 52_000_000, 0);
        }
        // the warm-up ends with the burst of commit 3 (300 records seen); commits 4..10 are timed, from 3 s to 10 s
        assertEquals(1000, rate.records());
        assertEquals(700, rate.timedRecords());
        assertEquals(7.0, rate.timedSeconds(), 1e-9);
        assertEquals(100.0, rate.recordsPerSecond(), 1e-9);
    }

    @Test
    void whenTheOutputEndsWithoutAnEmptyPollItsLastBurstStillCounts() {
        SteadyRate rate = new SteadyRate(100);
        rate.poll(SECOND, 100);
        rate.poll(SECOND + 1, 0);
        rate.poll(3 * SECOND, 50);
        rate.poll(3 * SECOND + 1, 0);
        rate.poll(4 * SECOND, 30);
        assertEquals(80, rate.timedRecords());
        assertEquals(3.0, rate.timedSeconds(), 1e-9);
    }

    @Test
    void whenAllOutputIsWarmupThereIsNoTimedSpan() {
        SteadyRate rate = new SteadyRate(1000);
        rate.poll(SECOND, 500);
        rate.poll(SECOND + 1, 0);
        rate.poll(2 * SECOND, 500);
        assertEquals(0, rate.timedRecords());
        assertEquals(0.0, rate.recordsPerSecond());
    }
}
