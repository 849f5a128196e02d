package dev.weir.cli;

import dev.weir.web.RestClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weir savepoint --url URL [--dir DIR]}: asks a running job (through the REST API whose address
 * {@code weir run} printed) for a savepoint and prints its path; the job runs on. Exit code 0 with the
 * path on standard output, 1 when the server refused or the savepoint failed (the reason on standard error).
 */
@Command(name = "savepoint", sortOptions = false,
        description = "Takes a savepoint of a running job through its REST API and prints the savepoint's path; "
                + "the job runs on.")
final class SavepointCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "The job's dashboard address, as 'weir run' printed it (dashboard: URL).")
    private URI url;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the savepoint goes: under the job's savepoint directory (a relative DIR is taken "
                    + "inside it). Default: the job's savepoint directory.")
    private String dir;

    @Option(names = "--job", paramLabel = "ID", description = "The job's id. Default: the one job the server runs.")
    private String jobId;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = dev.weir.examples.CommonJobOptions.DurationConverter.class,
            description = "How long to wait for the savepoint. Default: ${DEFAULT-VALUE}.")
    private Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        return run(url, jobId, dir, false, timeout);
    }

    /** Takes the savepoint (and stops the job with {@code stop}); prints its path or what went wrong. */
    static int run(URI url, String jobId, String dir, boolean stop, Duration timeout) throws InterruptedException {
        RestClient client = new RestClient(url);
        try {
            String id = client.jobId(jobId);
            String path = client.savepoint(id, dir, stop, timeout);
            System.out.println(path);
            if (stop) {
                System.err.println("job " + id + " stopped with savepoint " + path
                        + "; start it from there with --restore " + path);
            }
            return 0;
        } catch (IOException e) {
            System.err.println("weir " + (stop ? "stop" : "savepoint") + ": " + e.getMessage());
            return 1;
        }
    }
}
