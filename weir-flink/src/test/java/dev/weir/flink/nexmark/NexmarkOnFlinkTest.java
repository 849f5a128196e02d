package dev.weir.flink.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.flink.window.Runners;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** weir-nexmark's queries translated onto Flink give the rows they give on Weir's runtime. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NexmarkOnFlinkTest {

    @Test
    void q3TheJoinOfSellersAndAuctionsGivesTheSameRowsOnFlinkAsOnWeir() throws Exception {
        List<String> weir = Runners.onWeir(NexmarkQueryProgram.class, "q3", "20000");
        List<String> flink = Runners.onFlink(NexmarkQueryProgram.class, "q3", "20000");
        assertTrue(weir.size() > 5, () -> "q3 gave too few rows to compare: " + weir);
        assertEquals(weir, flink);
    }

    @Test
    void q7TheHighestBidPerWindowGivesTheSameRowsOnFlinkAsOnWeir() throws Exception {
        List<String> weir = Runners.onWeir(NexmarkQueryProgram.class, "q7", "20000");
        List<String> flink = Runners.onFlink(NexmarkQueryProgram.class, "q7", "20000");
        assertTrue(weir.size() > 0, () -> "q7 gave no rows: " + weir);
        assertEquals(weir, flink);
    }
}
