package dev.weir.flink.translate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.ErrorPolicy;
import dev.weir.api.StreamExecutionEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslationErrorsTest {

    /** A map that skips the records it throws on: something the Flink runner does not do. */
    public static final class SkippingMap {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSequence(1, 10)
                    .map(v -> 10 / (v - 5)).name("divide").uid("divide").setErrorPolicy(ErrorPolicy.skip())
                    .sinkTo(Outputs.sink(args[0]));
            env.execute("skipping-map");
        }
    }

    @Test
    void anOperatorWithAnErrorPolicyOtherThanFailIsATranslationErrorNamingIt() {
        PlanRef ref = new PlanRef(SkippingMap.class.getName(), List.of("skipping"));
        var spec = Plans.plan(ref);
        var env = org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.createLocalEnvironment(1);

        TranslationException e = assertThrows(TranslationException.class, () -> FlinkRuns.translate(spec, ref, env));

        assertTrue(e.getMessage().contains("'divide' (uid 'divide')"), e.getMessage());
        assertTrue(e.getMessage().contains("SKIP"), e.getMessage());
    }
}
