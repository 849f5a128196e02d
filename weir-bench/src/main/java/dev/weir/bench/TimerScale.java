package dev.weir.bench;

import dev.weir.api.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.rocksdb.RocksDBStateBackend;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Event-time timers at scale on the RocksDB backend (or, with {@code --state heap}, on the heap, for
 * comparison): a keyed process function registers one
 * event-time timer per record (N records over K keys, each timer at its own time), the operator is
 * checkpointed, then the final watermark {@code Long.MAX_VALUE} fires every timer, in order. Driven
 * through the operator harness (the real {@code KeyedProcessOperator} and timer service, one
 * subtask), so the phases are measured apart. Meant to run with a small heap ({@code -Xmx1g}):
 * the timers live in RocksDB, only the earliest per key group on the heap.
 *
 * <p>Prints register_timers_per_s, checkpoint_ms and checkpoint_mb, fire_timers_per_s, the live
 * heap after registering (after a GC) and the peak heap of the run.
 */
final class TimerScale {
    private TimerScale() {
    }

    /** One event-time timer per record, at the record's time plus a minute; counts the timers that fire. */
    static final class TimerPerRecord extends KeyedProcessFunction<Long, Long, Long> {
        long fired;
        long lastFired = Long.MIN_VALUE;
        boolean outOfOrder;

        @Override
        public void processElement(Long seq, Context ctx, Collector<Long> out) {
            ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 60_000);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Long> out) {
            outOfOrder |= timestamp < lastFired;
            lastFired = timestamp;
            fired++;
        }
    }

    static void run(long timers, long keys, KeyedStateBackendFactory stateBackend, String stateName) throws Exception {
        Path base = Files.createTempDirectory("weir-bench-timers");
        System.out.println("workload=timers");
        System.out.println("timers=" + timers + " keys=" + keys + " state=" + stateName);
        System.out.println("java=" + System.getProperty("java.version") + " max_heap_mb="
                + Runtime.getRuntime().maxMemory() / (1 << 20));
        TimerPerRecord function = new TimerPerRecord();
        if (stateBackend instanceof RocksDBStateBackend rocks) {
            stateBackend = rocks.workingDirectory(base.resolve("work"));
        }
        try (OperatorHarness<Long, Long> harness = OperatorHarness.builder().stateBackend(stateBackend)
                .forKeyedProcess(function, (Long seq) -> seq % keys)) {
            harness.open();
            long start = System.nanoTime();
            for (long seq = 0; seq < timers; seq++) {
                harness.processElement(seq, seq); // event time = seq: every timer at its own time
            }
            long registerNanos = System.nanoTime() - start;
            System.out.printf("register_s=%.1f register_timers_per_s=%.0f%n", registerNanos / 1e9,
                    timers / (registerNanos / 1e9));
            System.out.println("heap_live_mb_after_register=" + liveHeapMb());

            start = System.nanoTime();
            HarnessSnapshot snapshot = harness.snapshot(1);
            long checkpointNanos = System.nanoTime() - start;
            System.out.printf("checkpoint_ms=%.0f checkpoint_mb=%.1f%n", checkpointNanos / 1e6,
                    bytesUnder(snapshot.directory().getParent()) / 1048576.0);

            start = System.nanoTime();
            harness.processWatermark(Long.MAX_VALUE);
            long fireNanos = System.nanoTime() - start;
            System.out.printf("fire_s=%.1f fire_timers_per_s=%.0f%n", fireNanos / 1e9, function.fired / (fireNanos / 1e9));
            System.out.println("fired=" + function.fired + " in_order=" + !function.outOfOrder);
            if (function.fired != timers || function.outOfOrder) {
                throw new IllegalStateException("expected " + timers + " timers fired in order, got " + function.fired
                        + (function.outOfOrder ? " out of order" : ""));
            }
        } finally {
            System.out.println("heap_peak_mb=" + peakHeapMb());
            dev.weir.state.LocalFiles.deleteRecursively(base);
        }
    }

    private static long liveHeapMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    /** Sum of the heap pools' peaks (an upper bound of the heap ever used at once). */
    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static long bytesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
