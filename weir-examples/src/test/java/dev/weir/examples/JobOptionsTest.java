package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobOptionsTest {

    @Test
    void readsValuesInBothFormsWithDefaults() {
        JobOptions options = JobOptions.parse("--records", "1_000", "--input=a.txt", "--interval", "200ms");
        assertEquals(1000, options.getLong("records", 5));
        assertEquals("a.txt", options.requireString("input"));
        assertEquals(Duration.ofMillis(200), options.getDuration("interval", Duration.ZERO));
        assertEquals(7, options.getInt("parallelism", 7));
        options.rejectUnknown();
    }

    @Test
    void durationsAcceptSecondsMinutesAndBareMillis() {
        assertEquals(Duration.ofMillis(1500), JobOptions.parse("--d", "1.5s").getDuration("d", null));
        assertEquals(Duration.ofMinutes(2), JobOptions.parse("--d", "2m").getDuration("d", null));
        assertEquals(Duration.ofMillis(30), JobOptions.parse("--d", "30").getDuration("d", null));
    }

    @Test
    void everyMistakeNamesTheOption() {
        assertMessage("--records", () -> JobOptions.parse("--records", "lots").getLong("records", 0));
        assertMessage("--input", () -> JobOptions.parse().requireString("input"));
        assertMessage("--keys", () -> JobOptions.parse("--keys").getLong("keys", 0));
        assertMessage("--typo", () -> JobOptions.parse("--typo", "1").rejectUnknown());
        assertMessage("--a", () -> JobOptions.parse("--a", "1", "--a", "2"));
        assertMessage("--d", () -> JobOptions.parse("--d", "soon").getDuration("d", null));
        assertMessage("stray", () -> JobOptions.parse("stray"));
    }

    @Test
    void aFlagStandsAloneOrTakesTrueOrFalse() {
        JobOptions options = JobOptions.parse("--source", "kafka", "--preload", "--records", "5");
        assertTrue(options.getFlag("preload"));
        assertEquals("kafka", options.getString("source", null));
        assertEquals(5, options.getLong("records", 0));
        options.rejectUnknown();

        assertTrue(JobOptions.parse("--records", "5", "--preload").getFlag("preload"), "a flag as the last argument");
        assertTrue(JobOptions.parse("--preload", "true").getFlag("preload"));
        assertFalse(JobOptions.parse("--preload=false").getFlag("preload"));
        assertFalse(JobOptions.parse("--records", "5").getFlag("preload"), "an absent flag is false");
    }

    @Test
    void flagMistakesNameTheOption() {
        assertMessage("--preload", () -> JobOptions.parse("--preload", "yes").getFlag("preload"));
        assertMessage("--preload", () -> JobOptions.parse("--preload").rejectUnknown());
        assertMessage("--preload", () -> JobOptions.parse("--preload", "--preload").getFlag("preload"));
        assertMessage("--records", () -> JobOptions.parse("--records", "--preload").getLong("records", 0));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
