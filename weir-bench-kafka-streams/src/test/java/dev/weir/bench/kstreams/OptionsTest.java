package dev.weir.bench.kstreams;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {
    private static final String[] REQUIRED = {
            "--bootstrap-servers", "127.0.0.1:9092", "--input-topic", "in", "--output-topic", "out",
            "--records", "1_000_000"};

    @Test
    void defaults() {
        Options o = Options.parse(REQUIRED);
        assertEquals("127.0.0.1:9092", o.bootstrapServers());
        assertEquals(1_000_000, o.records());
        assertEquals(10_000, o.keys());
        assertEquals(2, o.threads());
        assertEquals(1000, o.commitIntervalMs());
        assertEquals(2, o.partitions());
        assertFalse(o.preload());
    }

    @Test
    void allOptions() {
        Options o = Options.parse("--preload", "--bootstrap-servers", "h:1", "--input-topic", "a",
                "--output-topic", "b", "--records", "10", "--keys", "3", "--threads", "4",
                "--commit-interval-ms", "250", "--partitions", "8", "--timeout-seconds", "5");
        assertTrue(o.preload());
        assertEquals(3, o.keys());
        assertEquals(4, o.threads());
        assertEquals(250, o.commitIntervalMs());
        assertEquals(8, o.partitions());
        assertEquals(5, o.timeoutSeconds());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--records", "10"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--bogus", "1"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--keys"));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse("--bootstrap-servers", "h:1", "--input-topic", "a",
                        "--output-topic", "b", "--records", "ten"));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse("--bootstrap-servers", "h:1", "--input-topic", "a",
                        "--output-topic", "a", "--records", "10"));
    }
}
