package dev.weir.flink.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The main class of a JobManager or TaskManager process of a {@link LocalFlinkCluster}: runs Flink's entry point
 * named by the first argument with the rest, and ends the process at once when its parent, the Weir client, is
 * gone (its standard input, a pipe from the client, reaches its end) — so a client killed with SIGKILL leaves no
 * Flink process behind.
 */
public final class ClusterProcess {

    private ClusterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(ClusterProcess::haltWhenParentIsGone, "weir-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void haltWhenParentIsGone() {
        InputStream in = System.in;
        byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) >= 0) {
                // the client writes nothing; reading only waits for the pipe's end
            }
        } catch (IOException e) {
            // the pipe broke: the parent is gone as well
        }
        Runtime.getRuntime().halt(0);
    }
}
