package dev.weir.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.DeploymentOptions;
import dev.weir.api.dag.Transformation;
import dev.weir.connector.CollectSink;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PlanCaptureTest {

    @Test
    void aCapturedProgramHandsOverItsPlanAndRunsNothingAfterExecute() {
        AtomicBoolean afterExecute = new AtomicBoolean();
        CollectSink<Long> sink = new CollectSink<>();

        JobSpec job = PlanCapture.capture(() -> {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSequence(0, 9).map(x -> x * 2).name("double").sinkTo(sink);
            env.execute("captured");
            afterExecute.set(true);
            return null;
        });

        assertEquals("captured", job.jobName());
        assertTrue(job.plan().stream().map(Transformation::name).anyMatch("double"::equals), job.plan().toString());
        assertFalse(afterExecute.get(), "the program went on after execute()");
        assertTrue(sink.results().isEmpty(), "the job ran: " + sink.results());
        assertFalse(PlanCapture.isCapturing());
    }

    @Test
    void aProgramThatExecutesNothingIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PlanCapture.capture(() -> null));
        assertTrue(e.getMessage().contains("without executing a job"), e.getMessage());
    }

    @Test
    void theConfigurationReachesTheJobSpec() {
        JobSpec job = PlanCapture.capture(() -> {
            Configuration conf = new Configuration();
            conf.setString("some.runner.option", "x");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.fromSequence(0, 1).sinkTo(new CollectSink<>());
            return env.execute();
        });
        assertEquals("x", job.configuration().toMap().get("some.runner.option"));
    }

    @Test
    void anUnknownExecutionTargetNamesTheOptionAndTheEnginesFound() {
        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.TARGET, "nowhere");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.fromSequence(0, 1).sinkTo(new CollectSink<>());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, env::execute);
        assertTrue(e.getMessage().contains("execution.target is 'nowhere'") && e.getMessage().contains("local"),
                e.getMessage());
    }
}
