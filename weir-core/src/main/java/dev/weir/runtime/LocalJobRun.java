package dev.weir.runtime;

import dev.weir.api.JobClient;
import dev.weir.api.JobResult;
import dev.weir.api.JobStatus;
import dev.weir.api.OperatorStats;
import dev.weir.graph.JobEdge;
import dev.weir.graph.JobGraph;
import dev.weir.graph.JobVertex;
import dev.weir.graph.Transformation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link JobGraph} in this JVM: one thread per subtask of each vertex, connected by
 * bounded channels. Everything that can fail in setting up (operators, function copies) fails
 * in the constructor, before any thread starts. The first task failure cancels all others.
 */
public final class LocalJobRun implements JobClient {

    /** Tuning of the channels between tasks. */
    public record ChannelSettings(int batchSize, int channelCapacity) {
        public ChannelSettings {
            if (batchSize < 1 || channelCapacity < 1) {
                throw new IllegalArgumentException("batch size and channel capacity must be at least 1");
            }
        }
    }

    private final JobGraph graph;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService timerScheduler;
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final CountDownLatch finished;
    private volatile boolean cancelled;
    private volatile boolean cancelRequested;
    private long startNanos;
    private volatile JobResult result;

    public LocalJobRun(JobGraph graph, ChannelSettings settings) {
        this.graph = graph;
        this.timerScheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weir-timers: " + graph.jobName());
            thread.setDaemon(true);
            return thread;
        });
        Map<JobVertex, TaskWakeup[]> wakeups = new HashMap<>();
        for (JobVertex vertex : graph.vertices()) {
            TaskWakeup[] perSubtask = new TaskWakeup[vertex.parallelism()];
            for (int i = 0; i < perSubtask.length; i++) {
                perSubtask[i] = new TaskWakeup();
            }
            wakeups.put(vertex, perSubtask);
        }
        // Channels and writers, edge by edge.
        Map<JobVertex, List<List<Channel>>> inputChannels = new HashMap<>();
        Map<JobVertex, List<Map<Transformation, List<RecordWriter>>>> writers = new HashMap<>();
        for (JobVertex vertex : graph.vertices()) {
            List<List<Channel>> in = new ArrayList<>();
            List<Map<Transformation, List<RecordWriter>>> out = new ArrayList<>();
            for (int i = 0; i < vertex.parallelism(); i++) {
                in.add(new ArrayList<>());
                out.add(new LinkedHashMap<>());
            }
            inputChannels.put(vertex, in);
            writers.put(vertex, out);
        }
        for (JobEdge edge : graph.edges()) {
            int producers = edge.from().parallelism();
            int consumers = edge.to().parallelism();
            for (int p = 0; p < producers; p++) {
                List<Integer> targets = edge.isPointwise() ? List.of(p) : range(consumers);
                Channel[] channels = new Channel[targets.size()];
                for (int k = 0; k < channels.length; k++) {
                    int c = targets.get(k);
                    channels[k] = new Channel(edge.producer().name() + " " + (p + 1) + " -> " + edge.to().name()
                            + " " + (c + 1), settings.channelCapacity(), wakeups.get(edge.to())[c]);
                    inputChannels.get(edge.to()).get(c).add(channels[k]);
                }
                ChannelSelector selector = ChannelSelector.of(edge.partitioning(), channels.length,
                        graph.maxParallelism(), edge.to().head().toString());
                RecordWriter writer = new RecordWriter(channels, selector, settings.batchSize(),
                        wakeups.get(edge.from())[p], this::isCancelled);
                writers.get(edge.from()).get(p).computeIfAbsent(edge.producer(), t -> new ArrayList<>()).add(writer);
            }
        }
        for (JobVertex vertex : graph.vertices()) {
            for (int s = 0; s < vertex.parallelism(); s++) {
                TaskWakeup wakeup = wakeups.get(vertex)[s];
                Mailbox mailbox = new Mailbox(wakeup);
                Map<Transformation, List<RecordWriter>> taskWriters = writers.get(vertex).get(s);
                OperatorChain chain = OperatorChain.create(vertex, s, graph.jobName(), graph.maxParallelism(),
                        taskWriters, new SystemProcessingTimeService(timerScheduler, mailbox));
                InputGate gate = vertex.isSource() ? null
                        : new InputGate(inputChannels.get(vertex).get(s).toArray(Channel[]::new));
                List<RecordWriter> allWriters = taskWriters.values().stream().flatMap(List::stream).toList();
                tasks.add(new Task(vertex.name() + " (" + (s + 1) + "/" + vertex.parallelism() + ")", wakeup,
                        mailbox, chain, gate, allWriters, this));
            }
        }
        this.finished = new CountDownLatch(tasks.size());
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /** Starts every task thread. */
    public LocalJobRun start() {
        startNanos = System.nanoTime();
        for (Task task : tasks) {
            Thread thread = new Thread(() -> {
                try {
                    task.run();
                } finally {
                    finished.countDown();
                }
            }, "weir: " + task.name());
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        return this;
    }

    boolean isCancelled() {
        return cancelled;
    }

    void taskFailed(Task task, Throwable failure) {
        if (failure instanceof TaskCancelledException && cancelled) {
            return; // stopped because of another failure or a cancel request
        }
        if (firstFailure.compareAndSet(null, failure)) {
            stopAllTasks();
        }
    }

    private void stopAllTasks() {
        cancelled = true;
        for (Task task : tasks) {
            task.wakeup().wakeUp();
        }
    }

    @Override
    public String getJobName() {
        return graph.jobName();
    }

    @Override
    public void cancel() {
        cancelRequested = true;
        stopAllTasks();
    }

    @Override
    public JobResult awaitResult() throws InterruptedException {
        finished.await();
        return result();
    }

    @Override
    public JobResult awaitResult(Duration timeout) throws InterruptedException, TimeoutException {
        if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("job '" + graph.jobName() + "' still running after " + timeout);
        }
        return result();
    }

    private synchronized JobResult result() throws InterruptedException {
        if (result != null) {
            return result;
        }
        for (Thread thread : threads) {
            thread.join(); // makes each task's counters visible here
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        timerScheduler.shutdownNow();
        Throwable failure = firstFailure.get();
        JobStatus status = failure != null ? JobStatus.FAILED
                : cancelRequested ? JobStatus.CANCELED : JobStatus.FINISHED;
        result = new JobResult(graph.jobName(), status, duration, failure, operatorStats());
        return result;
    }

    private List<OperatorStats> operatorStats() {
        Map<Transformation, long[]> counts = new LinkedHashMap<>();
        Map<Transformation, Integer> parallelism = new HashMap<>();
        for (Transformation t : graph.transformations()) {
            counts.put(t, new long[2]);
        }
        for (Task task : tasks) {
            for (OperatorChain.Member member : task.chain().members()) {
                long[] c = counts.get(member.transformation());
                c[0] += member.metrics().recordsIn();
                c[1] += member.metrics().recordsOut();
                parallelism.put(member.transformation(), member.info().parallelism());
            }
        }
        List<OperatorStats> stats = new ArrayList<>();
        counts.forEach((t, c) -> stats.add(new OperatorStats(t.name(), t.uid(), parallelism.getOrDefault(t, 0),
                c[0], c[1])));
        return stats;
    }
}
