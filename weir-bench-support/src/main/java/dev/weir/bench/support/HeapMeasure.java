package dev.weir.bench.support;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The heap a benchmark's data takes, measured the same way in Weir's benchmarks and the Flink peer's
 * ({@code state-memory}): the heap in use after full collections, and the bytes of live objects from
 * the JVM's class histogram. Each call forces full garbage collections: call it outside timed sections,
 * from the thread that holds the measured objects reachable.
 */
public final class HeapMeasure {
    private HeapMeasure() {
    }

    /**
     * The bytes of all live objects (the total of the JVM's class histogram, after a full GC): unlike the heap
     * in use it leaves out what the collector's layout adds, such as the rest of the G1 regions a humongous
     * array (one of at least half a region) occupies.
     */
    public static long objectBytes() {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] total = histogram.strip().lines().reduce((first, second) -> second).orElseThrow().trim()
                    .split("\\s+");
            return Long.parseLong(total[total.length - 1]); // "Total <instances> <bytes>"
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the class histogram (DiagnosticCommand gcClassHistogram)", e);
        }
    }

    /** Heap in use after full collections (System.gc() is a full, compacting collection in G1 and Serial). */
    public static long liveHeap(MemoryMXBean memory) {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
