package dev.weir.flink.translate;

import java.io.Serializable;
import java.util.List;

/**
 * Names a job's program: its main class and arguments. It is all a Flink operator of a translated job carries
 * (with the node id of its operator): in the TaskManager, {@link Plans} runs the program again to rebuild the
 * plan and takes the node's function from there, so no user function is ever serialized.
 */
public record PlanRef(String mainClass, List<String> args) implements Serializable {

    private static final long serialVersionUID = 1L;

    public PlanRef {
        if (mainClass == null || mainClass.isBlank()) {
            throw new IllegalArgumentException("the Flink runner needs the job's program: set "
                    + "$internal.application.main (FlinkRunnerOptions.PROGRAM_MAIN) to the class whose main(String[]) "
                    + "builds and executes the job, and $internal.application.program-args to its arguments");
        }
        args = List.copyOf(args);
    }

    @Override
    public String toString() {
        return mainClass + " " + String.join(" ", args);
    }
}
