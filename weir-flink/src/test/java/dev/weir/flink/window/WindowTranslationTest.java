package dev.weir.flink.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.spi.JobSpec;
import dev.weir.flink.translate.FlinkTranslator;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import dev.weir.flink.translate.TranslationException;
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
        for (String kind : List.of("tumbling ", "sliding ", "session ", "dynamic-session ", "all ", "count-window ", "early ")) {
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

    @Test
    void theUsersOwnAssignerTriggerAndEvictorRunOnFlinkThroughAdaptersWithTheSameResults() throws Exception {
        List<String> weir = Runners.onWeir(CustomWindowingProgram.class);
        List<String> flink = Runners.onFlink(CustomWindowingProgram.class);
        assertTrue(weir.stream().anyMatch(l -> l.startsWith("custom k0 5 ")), () -> "no window at 5: " + weir);
        assertEquals(weir, flink);
    }

    @Test
    void windowsOfTheUsersOwnClassFailTranslationNamingTheOperatorAndTheAssigner() {
        PlanRef ref = new PlanRef(OwnWindowClassProgram.class.getName(), List.of("never-run"));
        JobSpec spec = Plans.plan(ref);
        TranslationException failure = assertThrows(TranslationException.class, () -> FlinkTranslator.translate(spec,
                ref, org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.createLocalEnvironment(1)));
        assertTrue(failure.getMessage().contains("parity-windows"), failure.getMessage());
        assertTrue(failure.getMessage().contains("ParityWindows"), failure.getMessage());
    }
}
