package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
