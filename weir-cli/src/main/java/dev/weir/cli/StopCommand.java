package dev.weir.cli;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weir stop --url URL --savepoint DIR}: stops a running job with a final savepoint (its sources
 * stop, the savepoint is taken and committed, the job ends FINISHED) through the REST API, and prints
 * the savepoint's path. Exit codes as {@link SavepointCommand}.
 */
@Command(name = "stop", sortOptions = false,
        description = "Stops a running job with a savepoint through its REST API and prints the savepoint's path; "
                + "the job ends FINISHED and can be started from that path with --restore.")
final class StopCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "The job's dashboard address, as 'weir run' printed it (dashboard: URL).")
    private URI url;

    @Option(names = "--savepoint", required = true, paramLabel = "DIR",
            description = "Where the final savepoint goes: under the job's savepoint directory (a relative DIR is "
                    + "taken inside it).")
    private String dir;

    @Option(names = "--job", paramLabel = "ID", description = "The job's id. Default: the one job the server runs.")
    private String jobId;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = dev.weir.examples.CommonJobOptions.DurationConverter.class,
            description = "How long to wait for the savepoint. Default: ${DEFAULT-VALUE}.")
    private Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        return SavepointCommand.run(url, jobId, dir, true, timeout);
    }
}
