package dev.weir.bench.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The freshness workload's bookkeeping: percentiles of visibility − creation, and the exactly-once check. */
class VisibilityLogTest {

    @Test
    void whenEveryEventIsSeenOnce_thenNoProblemsAndThePercentilesAreThoseOfTheDelays() {
        VisibilityLog log = new VisibilityLog(100);
        for (int seq = 0; seq < 100; seq++) {
            log.seen(seq, 1_000_000_000L, 1_000_000_000L + (seq + 1) * 1_000_000L); // 1..100 ms
        }
        assertTrue(log.complete());
        assertEquals(List.of(), log.problems());
        assertEquals(50.0, log.percentileMillis(50), 0.1);
        assertEquals(99.0, log.percentileMillis(99), 0.1);
        assertEquals(100.0, log.maxMillis(), 0.1);
        assertTrue(log.figures().contains("freshness_samples=100"), log.figures().toString());
    }

    @Test
    void eventsCreatedInTheWarmUpAreCheckedButNotMeasured() {
        VisibilityLog log = new VisibilityLog(3);
        log.measureFrom(-1_000);
        log.seen(0, -2_000, 900_000_000);
        log.seen(1, -1_000, 2_000_000);
        log.seen(2, 5_000, 3_000_000);
        assertTrue(log.complete());
        assertTrue(log.figures().contains("freshness_samples=2"), log.figures().toString());
        assertEquals(3.0, log.maxMillis(), 0.01);
        log.seen(0, -2_000, 900_000_000);
        assertEquals(List.of("1 events were committed more than once (first: seq 0)"), log.problems());
    }

    @Test
    void whenAnEventIsSeenTwice_thenItIsADuplicateAndItsSecondSightingDoesNotCount() {
        VisibilityLog log = new VisibilityLog(3);
        log.seen(0, 0, 5_000_000);
        log.seen(1, 0, 5_000_000);
        log.seen(1, 0, 900_000_000);
        log.seen(2, 0, 5_000_000);
        assertTrue(log.complete());
        assertEquals(List.of("1 events were committed more than once (first: seq 1)"), log.problems());
        assertEquals(5.0, log.maxMillis(), 0.01);
    }

    @Test
    void whenEventsAreMissingOrOutOfRange_thenTheProblemsNameThem() {
        VisibilityLog log = new VisibilityLog(130);
        for (int seq = 0; seq < 130; seq++) {
            if (seq != 70) {
                log.seen(seq, 0, 1_000_000);
            }
        }
        log.seen(130, 0, 1_000_000);
        assertFalse(log.complete());
        assertEquals(List.of("1 of 130 events never became visible (first: seq 70)",
                "1 committed events have a seq outside [0, 130)"), log.problems());
    }

    @Test
    void linesGiveSeqAndCreationTimeAndMayCarryMoreFieldsOrLackTheLastNewline() {
        VisibilityLog log = new VisibilityLog(3);
        byte[] file = "0,-2000000,7,1\n1,-1000000\n2,0,9,3".getBytes(StandardCharsets.UTF_8);
        log.seenLines(file, "part-0", 1_000_000);
        assertTrue(log.complete());
        assertEquals(3.0, log.maxMillis(), 0.01);
        assertEquals(1.0, log.percentileMillis(0), 0.01);
    }

    @Test
    void whenALineIsNotSeqAndCreationTime_thenTheErrorNamesTheFileAndLine() {
        VisibilityLog log = new VisibilityLog(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> log.seenLines(
                "0,5\nhello\n".getBytes(StandardCharsets.UTF_8), "out/part-1", 0));
        assertTrue(e.getMessage().contains("out/part-1 line 2") && e.getMessage().contains("'hello'"), e.getMessage());
    }
}
