package dev.weir.runtime;

/**
 * A little heap held back for failing a job after an {@link OutOfMemoryError}: released when the
 * first one is reported, so that the supervisor can still build the job's result and the caller
 * print it, instead of every thread of the JVM failing in turn on a full heap. Allocated once per
 * JVM, when the first job run is set up: 1/32 of the maximum heap, at most 4 MB.
 *
 * <p>This helps when the heap is only just too small; a JVM whose live state fills the heap can
 * still stall, which is why the {@code weir} launcher also runs the JVM with
 * {@code -XX:+ExitOnOutOfMemoryError}.
 */
final class HeapReserve {
    private static volatile byte[] reserve;

    private HeapReserve() {
    }

    /** Allocates the reserve if it is not held (again after a release). */
    static void hold() {
        if (reserve == null) {
            reserve = new byte[(int) Math.min(4L << 20, Runtime.getRuntime().maxMemory() / 32)];
        }
    }

    /** Lets the reserve go if {@code failure} is an out-of-memory error; allocates nothing. */
    static void releaseFor(Throwable failure) {
        if (failure instanceof OutOfMemoryError) {
            reserve = null;
        }
    }
}
