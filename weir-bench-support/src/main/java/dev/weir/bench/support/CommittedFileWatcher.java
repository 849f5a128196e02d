package dev.weir.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Watches the output directory of an exactly-once file sink and stamps each event with the moment its
 * part file was committed, that is renamed from a hidden in-progress name ({@code .*}) to its visible
 * name. Each committed file's lines must start with {@code seq,createdNanos}; they go to a
 * {@link VisibilityLog}.
 *
 * <p><b>How the moment is observed.</b> Not by polling the directory (listing thousands of part files
 * every millisecond would cost the job a good part of a core): the watcher waits on a
 * {@link WatchService}, which on Linux is inotify; the kernel queues the event inside the
 * {@code rename(2)} itself, so a stamp is never early, only late by the time the event takes to reach
 * the watcher thread (the JDK's inotify thread, then this one, which may be reading the previous file).
 * That lateness is measured under the run's own load: a probe thread renames a file into a sibling
 * directory every 20 ms, stamping {@code System.nanoTime()} just before the rename into its name, and
 * the watcher records how late it saw it ({@code observation_delay_*}). A sweep (a directory listing)
 * every second, on an inotify queue overflow and at the end picks up any file no event announced;
 * those are counted ({@code found_by_sweep_files}) and stamped when found.
 *
 * <p>Call order: construct (creates the directories and registers them, before the job starts),
 * {@link #start()}, run the job, {@link #finish(Duration)}. The watcher's own thread is the only one
 * that touches the log until {@code finish} returns.
 */
public final class CommittedFileWatcher {
    private static final long SWEEP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PROBE_EVERY_MS = 20;

    private final Path output;
    private final Path probes;
    private final VisibilityLog log;
    private final WatchService watch;
    private final WatchKey probeKey;
    private final Set<String> read = new HashSet<>();
    private final Histogram probeDelayNanos = new Histogram(1_000, 600_000_000_000L, 3);
    private final Thread watcher = new Thread(this::watch, "committed-file-watcher");
    private final Thread prober = new Thread(this::probe, "committed-file-probe");
    private volatile boolean stopping;
    private volatile Throwable failure;
    private long foundBySweep;
    private long lastSweep;

    public CommittedFileWatcher(Path output, VisibilityLog log) throws IOException {
        this.output = Files.createDirectories(output);
        this.probes = Files.createDirectories(output.resolveSibling(output.getFileName() + "-probes"));
        this.log = log;
        this.watch = output.getFileSystem().newWatchService();
        output.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
        this.probeKey = probes.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
        watcher.setDaemon(true);
        prober.setDaemon(true);
    }

    public void start() {
        lastSweep = System.nanoTime();
        watcher.start();
        prober.start();
    }

    /**
     * Stops watching once every event has been seen or {@code timeout} has passed (the job has ended:
     * its last commit is done), after a last sweep; then the log holds the run's whole committed output.
     */
    public void finish(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log.complete() && System.nanoTime() < deadline && watcher.isAlive()) {
            Thread.sleep(10);
        }
        stopping = true;
        prober.interrupt();
        prober.join();
        watcher.join();
        try {
            watch.close();
        } catch (IOException e) {
            // closing only releases the inotify descriptor
        }
        if (failure != null) {
            throw new IllegalStateException("watching " + output + " failed: " + failure, failure);
        }
    }

    /** The watcher's own figures: how late it sees a rename, and how many files only a sweep found. */
    public List<String> figures() {
        return List.of(
                "observation_probes=" + probeDelayNanos.getTotalCount(),
                String.format(Locale.ROOT, "observation_delay_p99_ms=%.3f", probeDelayNanos.getValueAtPercentile(99) / 1e6),
                String.format(Locale.ROOT, "observation_delay_max_ms=%.3f", probeDelayNanos.getMaxValue() / 1e6),
                "found_by_sweep_files=" + foundBySweep,
                "committed_files=" + read.size());
    }

    private void watch() {
        try {
            while (!stopping) {
                WatchKey key = watch.poll(100, TimeUnit.MILLISECONDS);
                long now = System.nanoTime();
                if (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                            sweep(now);
                        } else if (key == probeKey) {
                            probed((Path) event.context(), now);
                        } else {
                            readIfNew(((Path) event.context()).toString(), now, false);
                        }
                    }
                    key.reset();
                }
                if (now - lastSweep > SWEEP_EVERY_NANOS) {
                    sweep(now);
                }
            }
            sweep(System.nanoTime());
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // finish() closed it
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void probed(Path name, long now) throws IOException {
        String text = name.toString();
        if (text.startsWith("p-")) {
            probeDelayNanos.recordValue(Math.max(1_000, Math.min(600_000_000_000L,
                    now - Long.parseLong(text.substring(2)))));
            Files.deleteIfExists(probes.resolve(name));
        }
    }

    private void sweep(long now) throws IOException {
        lastSweep = now;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(output)) {
            for (Path file : files) {
                readIfNew(file.getFileName().toString(), now, true);
            }
        }
    }

    private void readIfNew(String name, long visibleNanos, boolean bySweep) throws IOException {
        if (name.startsWith(".") || !read.add(name)) {
            return;
        }
        if (bySweep) {
            foundBySweep++;
        }
        Path file = output.resolve(name);
        byte[] bytes = Files.readAllBytes(file);
        log.seenLines(bytes, file.toString(), visibleNanos);
    }

    private void probe() {
        Path hidden = probes.resolve(".probe");
        try {
            while (!stopping) {
                Files.write(hidden, new byte[0]);
                long before = System.nanoTime();
                Files.move(hidden, probes.resolve("p-" + before), StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(PROBE_EVERY_MS);
            }
        } catch (InterruptedException e) {
            // finish() stops the probes
        } catch (IOException e) {
            throw new UncheckedIOException("probing " + probes, e);
        }
    }
}
