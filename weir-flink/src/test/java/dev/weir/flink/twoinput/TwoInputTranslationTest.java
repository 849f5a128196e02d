package dev.weir.flink.twoinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.flink.window.Runners;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two-input operators translated onto Flink emit what they emit on Weir's runtime. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TwoInputTranslationTest {

    @Test
    void keyedCoProcessWithTimersBroadcastStateIntervalJoinAndCoMapGiveTheSameResultsOnFlinkAsOnWeir()
            throws Exception {
        List<String> weir = Runners.onWeir(TwoInputsProgram.class);
        List<String> flink = Runners.onFlink(TwoInputsProgram.class);
        for (String kind : List.of("paid ", "unmatched ", "rule ", "joined ", "order ", "payment ", "plain ", "broadcast ")) {
            assertTrue(weir.stream().anyMatch(l -> l.startsWith(kind)), () -> "no " + kind + "lines: " + weir);
        }
        assertTrue(weir.contains("rule o1 " + (1 + 8 + 15 + 22 + 29 + 36) * 10), () -> "rule o1 not applied: " + weir);
        assertTrue(weir.contains("broadcast o5 rules 3"), () -> "broadcast state not kept: " + weir);
        assertEquals(weir, flink);
    }
}
