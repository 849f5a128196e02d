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
}
