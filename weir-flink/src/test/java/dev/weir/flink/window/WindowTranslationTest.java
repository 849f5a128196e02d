package dev.weir.flink.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Window operators translated onto Flink emit what they emit on Weir's runtime. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WindowTranslationTest {

    @Test
    void tumblingSlidingSessionAllAndCountWindowsGiveTheSameResultsOnFlinkAsOnWeir() throws Exception {
        List<String> weir = Runners.onWeir(WindowsProgram.class);
        List<String> flink = Runners.onFlink(WindowsProgram.class);
        assertTrue(weir.stream().anyMatch(l -> l.startsWith("tumbling ")), () -> "no tumbling windows: " + weir);
        for (String kind : List.of("tumbling ", "sliding ", "session ", "dynamic-session ", "all ", "count-window ")) {
            assertTrue(weir.stream().anyMatch(l -> l.startsWith(kind)), () -> "no " + kind + "lines: " + weir);
        }
        assertEquals(weir, flink);
    }

    @Test
    void lateRecordsFireAgainWithinTheAllowedLatenessAndGoToTheSideOutputAfterItOnFlinkAsOnWeir() throws Exception {
        List<String> weir = Runners.onWeir(LatenessProgram.class);
        List<String> flink = Runners.onFlink(LatenessProgram.class);
        assertTrue(weir.stream().anyMatch(l -> l.startsWith("too late ")), () -> "no record too late: " + weir);
        assertTrue(weir.stream().anyMatch(l -> l.contains(" firing 2 ")), () -> "no window fired twice: " + weir);
        assertEquals(weir, flink);
    }
}
