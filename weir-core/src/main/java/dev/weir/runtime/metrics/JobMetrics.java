package dev.weir.runtime.metrics;

import dev.weir.api.CheckpointStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The metrics of one job over its whole life (all runs), in a Micrometer {@link MeterRegistry}
 * that renders Prometheus text ({@link #scrapePrometheus()}), with snapshots for JSON views
 * ({@link #operators()}, {@link #job()}). Names are Flink's metric names.
 *
 * <p><b>Cost on the task threads: none added per record.</b> The meters read what the runtime
 * already counts: the tasks' own plain counters (written with opaque stores by the task thread
 * that owns them) are read through {@link FunctionCounter}s and {@link Gauge}s on the scraping
 * thread. Time spent waiting is added up by the task thread only where it blocks (see
 * {@link TaskTimes}). Per-second figures are computed by one sampler thread per job, once a
 * second, averaged over the last {@value #WINDOW_SECONDS} seconds.
 *
 * <p><b>Names and tags.</b> Per operator subtask {@code weir.operator.<FlinkName>} with tags
 * {@code job}, {@code operator_uid}, {@code operator} (the name) and {@code subtask}; per job
 * {@code weir.job.<FlinkName>} with tag {@code job}. In Prometheus text the dots become
 * underscores and counters get {@code _total}: {@code weir_operator_numRecordsIn_total},
 * {@code weir_operator_busyTimeMsPerSecond}, {@code weir_job_numberOfCompletedCheckpoints}.
 *
 * <p><b>Restarts.</b> Each run of the job (attempt) {@link #bind binds} its operators: the
 * previous run's operator meters are removed and the new run's registered under the same names
 * and tags, so a restart never duplicates a meter. Record counts start again from zero in the new
 * run, as Flink's do (Prometheus treats that as a counter reset); the job-level figures count over
 * all runs.
 *
 * <p><b>User metrics.</b> What functions register in {@code getRuntimeContext().getMetricGroup()}
 * ({@link UserMetricGroup}) is exported by the sampler on its next tick as {@code weir.operator.<name>}
 * with the operator's tags, and removed with the run's other operator meters.
 *
 * <p><b>Threading.</b> {@link #bind} is called by the job's supervisor; everything else by any
 * thread. {@link #close()} when the job has ended: the sampler stops, uptime freezes, the meters
 * keep their final values.
 */
public final class JobMetrics implements AutoCloseable {
    /** Seconds the per-second figures are averaged over. */
    public static final int WINDOW_SECONDS = 5;

    /**
     * What the meters of one operator subtask of a run read. Suppliers are called from the sampler
     * and scraping threads and must not block.
     */
    public record OperatorProbe(String operatorUid, String name, int subtask, LongSupplier recordsIn,
                                LongSupplier recordsOut, LongSupplier inputWatermark, LongSupplier outputWatermark,
                                LongSupplier lateRecordsDropped, TaskTimes task, UserMetricGroup userMetrics) {
    }

    private final String jobName;
    private final Supplier<List<CheckpointStats>> checkpoints;
    private final IntSupplier restarts;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Object bindLock = new Object();
    private volatile long startNanos; // set by the first bind: the job starts right after it
    private volatile long uptimeAtEnd = -1;
    private volatile List<SubtaskMeters> current = List.of();
    private volatile JobLevelMetrics jobLevel = new JobLevelMetrics(0, 0, -1, -1, -1, 0, 0);
    private ScheduledExecutorService sampler; // started by the first bind
    private boolean closed;

    /**
     * @param checkpoints the statistics of the job's checkpoints over all runs so far
     * @param restarts    the restarts so far
     */
    public JobMetrics(String jobName, Supplier<List<CheckpointStats>> checkpoints, IntSupplier restarts) {
        this.jobName = jobName;
        this.checkpoints = checkpoints;
        this.restarts = restarts;
        Tags tags = Tags.of("job", jobName);
        jobGauge("numberOfCompletedCheckpoints", tags, m -> m.jobLevel.numberOfCompletedCheckpoints());
        jobGauge("numberOfFailedCheckpoints", tags, m -> m.jobLevel.numberOfFailedCheckpoints());
        jobGauge("lastCheckpointDuration", tags, m -> m.jobLevel.lastCheckpointDuration());
        jobGauge("lastCheckpointSize", tags, m -> m.jobLevel.lastCheckpointSize());
        jobGauge("lastCheckpointAlignmentMs", tags, m -> m.jobLevel.lastCheckpointAlignmentMs());
        jobGauge("numRestarts", tags, m -> m.restarts.getAsInt());
        jobGauge("uptime", tags, JobMetrics::uptime);
    }

    private void jobGauge(String name, Tags tags, ToDoubleFunction<JobMetrics> value) {
        Gauge.builder("weir.job." + name, this, value).tags(tags).strongReference(true).register(registry);
    }

    /** The registry holding the job's meters (e.g. to add it to an application's composite registry). */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Replaces the operator meters of the previous run (if any) by those of {@code probes}, a new
     * run's operator subtasks. Called before the run starts.
     */
    public void bind(List<OperatorProbe> probes) {
        synchronized (bindLock) {
            for (SubtaskMeters old : current) {
                old.meters.forEach(registry::remove);
            }
            List<SubtaskMeters> next = new ArrayList<>(probes.size());
            for (OperatorProbe probe : probes) {
                next.add(new SubtaskMeters(probe, registry, jobName));
            }
            current = List.copyOf(next);
            if (sampler == null && !closed) {
                startNanos = System.nanoTime();
                sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "weir-metrics: " + jobName);
                    thread.setDaemon(true);
                    return thread;
                });
                sampler.scheduleAtFixedRate(this::sampleGuarded, 0, 1, TimeUnit.SECONDS);
            }
        }
    }

    /** The job's meters as Prometheus text (exposition format 0.0.4). Any thread. */
    public String scrapePrometheus() {
        return registry.scrape();
    }

    /** A snapshot of every operator subtask of the current (or last) run. Any thread. */
    public List<OperatorMetrics> operators() {
        List<SubtaskMeters> all = current;
        List<OperatorMetrics> snapshot = new ArrayList<>(all.size());
        for (SubtaskMeters s : all) {
            snapshot.add(s.snapshot());
        }
        return snapshot;
    }

    /** A snapshot of the job-level figures. Any thread. */
    public JobLevelMetrics job() {
        JobLevelMetrics sampled = jobLevel;
        return new JobLevelMetrics(sampled.numberOfCompletedCheckpoints(), sampled.numberOfFailedCheckpoints(),
                sampled.lastCheckpointDuration(), sampled.lastCheckpointSize(), sampled.lastCheckpointAlignmentMs(),
                restarts.getAsInt(), uptime());
    }

    /** Ms since the job started, frozen once it ended. */
    private long uptime() {
        long atEnd = uptimeAtEnd;
        if (atEnd >= 0) {
            return atEnd;
        }
        long started = startNanos;
        return started == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** The job has ended: a last sample, the sampler stops, uptime freezes; the meters stay readable. */
    @Override
    public void close() {
        ScheduledExecutorService stopped;
        synchronized (bindLock) {
            if (closed) {
                return;
            }
            closed = true;
            stopped = sampler;
            sampler = null;
        }
        uptimeAtEnd = uptime();
        if (stopped != null) {
            stopped.shutdownNow();
        }
        sampleGuarded();
    }

    private void sampleGuarded() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A failing probe must not stop the sampler (scheduleAtFixedRate would cancel it); the next tick retries.
            org.slf4j.LoggerFactory.getLogger(JobMetrics.class).debug("metrics sample of job '{}' failed", jobName, e);
        }
    }

    /** Once a second on the sampler thread: the per-second figures and the checkpoint figures. */
    void sample() {
        List<CheckpointStats> all = checkpoints.get(); // outside the lock: it takes the job's
        synchronized (bindLock) { // a run's meters are added (user metrics) and removed (bind) under it
            long now = System.nanoTime();
            for (SubtaskMeters s : current) {
                s.sample(now);
            }
        }
        jobLevel = checkpointFigures(all);
    }

    private JobLevelMetrics checkpointFigures(List<CheckpointStats> all) {
        long completed = 0;
        long failed = 0;
        CheckpointStats last = null;
        for (CheckpointStats c : all) {
            if (c.completed()) {
                completed++;
                if (last == null || c.checkpointId() > last.checkpointId()) {
                    last = c;
                }
            } else {
                failed++;
            }
        }
        long duration = -1;
        long size = -1;
        long alignment = -1;
        if (last != null) {
            duration = last.endToEnd() == null ? -1 : last.endToEnd().toMillis();
            size = last.bytes();
            alignment = 0;
            for (CheckpointStats.Task task : last.tasks()) {
                Duration aligned = task.alignment();
                if (aligned != null) {
                    alignment = Math.max(alignment, aligned.toMillis());
                }
            }
        }
        return new JobLevelMetrics(completed, failed, duration, size, alignment, 0, 0);
    }

    /** The meters of one operator subtask of a run, and the samples its per-second figures come from. */
    private static final class SubtaskMeters {
        private final OperatorProbe probe;
        private final MeterRegistry registry;
        private final Tags tags;
        private int userMetricsExported; // sampler thread only
        private final List<Meter> meters = new ArrayList<>();
        // Ring of the last WINDOW_SECONDS + 1 samples; sampler thread only.
        private final long[] at = new long[WINDOW_SECONDS + 1];
        private final long[] in = new long[WINDOW_SECONDS + 1];
        private final long[] out = new long[WINDOW_SECONDS + 1];
        private final long[] idle = new long[WINDOW_SECONDS + 1];
        private final long[] backPressured = new long[WINDOW_SECONDS + 1];
        private int samples;
        private volatile double inPerSecond;
        private volatile double outPerSecond;
        private volatile double busyMsPerSecond;
        private volatile double idleMsPerSecond;
        private volatile double backPressuredMsPerSecond;

        SubtaskMeters(OperatorProbe probe, MeterRegistry registry, String jobName) {
            this.probe = probe;
            this.registry = registry;
            this.tags = Tags.of("job", jobName, "operator_uid", probe.operatorUid(), "operator", probe.name(),
                    "subtask", Integer.toString(probe.subtask()));
            counter(registry, "numRecordsIn", tags, probe.recordsIn());
            counter(registry, "numRecordsOut", tags, probe.recordsOut());
            counter(registry, "numLateRecordsDropped", tags, probe.lateRecordsDropped());
            gauge(registry, "numRecordsInPerSecond", tags, s -> s.inPerSecond);
            gauge(registry, "numRecordsOutPerSecond", tags, s -> s.outPerSecond);
            gauge(registry, "busyTimeMsPerSecond", tags, s -> s.busyMsPerSecond);
            gauge(registry, "idleTimeMsPerSecond", tags, s -> s.idleMsPerSecond);
            gauge(registry, "backPressuredTimeMsPerSecond", tags, s -> s.backPressuredMsPerSecond);
            gauge(registry, "currentInputWatermark", tags, s -> s.probe.inputWatermark().getAsLong());
            gauge(registry, "currentOutputWatermark", tags, s -> s.probe.outputWatermark().getAsLong());
        }

        private void counter(MeterRegistry registry, String name, Tags tags, LongSupplier count) {
            // Held weakly by the counter: the probe (held by this object while it is current) keeps it.
            meters.add(FunctionCounter.builder("weir.operator." + name, count, LongSupplier::getAsLong)
                    .tags(tags).register(registry));
        }

        private void gauge(MeterRegistry registry, String name, Tags tags, ToDoubleFunction<SubtaskMeters> value) {
            meters.add(Gauge.builder("weir.operator." + name, this, value).tags(tags).strongReference(true)
                    .register(registry));
        }

        /** Registers what the operator's functions registered since the last tick (user metrics). */
        private void exportUserMetrics() {
            List<UserMetricGroup.Registered> registered = probe.userMetrics().registered();
            for (; userMetricsExported < registered.size(); userMetricsExported++) {
                UserMetricGroup.Registered r = registered.get(userMetricsExported);
                String name = "weir.operator." + r.name();
                if (r.metric() instanceof dev.weir.api.metrics.Counter counter) {
                    meters.add(FunctionCounter.builder(name, counter, dev.weir.api.metrics.Counter::getCount)
                            .tags(tags).register(registry));
                } else if (r.metric() instanceof dev.weir.api.metrics.Gauge<?> gauge) {
                    meters.add(Gauge.builder(name, gauge, SubtaskMeters::gaugeValue).tags(tags).strongReference(true)
                            .register(registry));
                }
            }
        }

        private static double gaugeValue(dev.weir.api.metrics.Gauge<?> gauge) {
            Object value = gauge.getValue();
            return value instanceof Number number ? number.doubleValue() : Double.NaN;
        }

        void sample(long now) {
            exportUserMetrics();
            int slot = samples % at.length;
            at[slot] = now;
            in[slot] = probe.recordsIn().getAsLong();
            out[slot] = probe.recordsOut().getAsLong();
            TaskTimes task = probe.task();
            boolean ended = task.ended();
            idle[slot] = task.idleNanos();
            backPressured[slot] = task.backPressuredNanos();
            samples++;
            if (samples < 2) {
                return;
            }
            int oldest = samples > at.length ? samples % at.length : 0;
            double nanos = now - at[oldest];
            if (nanos <= 0) {
                return;
            }
            double seconds = nanos / 1e9;
            inPerSecond = (in[slot] - in[oldest]) / seconds;
            outPerSecond = (out[slot] - out[oldest]) / seconds;
            if (ended) { // a finished task neither works nor waits for anything
                busyMsPerSecond = 0;
                idleMsPerSecond = 0;
                backPressuredMsPerSecond = 0;
                return;
            }
            double idleMs = clamp((idle[slot] - idle[oldest]) / seconds / 1e6);
            double backPressuredMs = clamp((backPressured[slot] - backPressured[oldest]) / seconds / 1e6);
            if (idleMs + backPressuredMs > 1000) { // a wait that spans the window's start: scale into the second
                double scale = 1000 / (idleMs + backPressuredMs);
                idleMs *= scale;
                backPressuredMs *= scale;
            }
            idleMsPerSecond = idleMs;
            backPressuredMsPerSecond = backPressuredMs;
            busyMsPerSecond = Math.max(0, 1000 - idleMs - backPressuredMs);
        }

        private static double clamp(double msPerSecond) {
            return Math.max(0, Math.min(1000, msPerSecond));
        }

        OperatorMetrics snapshot() {
            return new OperatorMetrics(probe.operatorUid(), probe.name(), probe.subtask(),
                    probe.recordsIn().getAsLong(), probe.recordsOut().getAsLong(), inPerSecond, outPerSecond,
                    busyMsPerSecond, idleMsPerSecond, backPressuredMsPerSecond, probe.inputWatermark().getAsLong(),
                    probe.outputWatermark().getAsLong(), probe.lateRecordsDropped().getAsLong());
        }
    }
}
