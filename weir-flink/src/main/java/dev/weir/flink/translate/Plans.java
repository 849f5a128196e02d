package dev.weir.flink.translate;

import dev.weir.api.dag.Transformation;
import dev.weir.api.spi.JobSpec;
import dev.weir.api.spi.PlanCapture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plans of translated jobs, rebuilt in this JVM: once per program and class loader, by running the program's
 * main method under {@link PlanCapture}. Every Flink-side object of a translated job (function wrappers, key
 * selectors, serializers, sources, sinks) finds its Weir counterpart here by {@link PlanRef} and node id.
 *
 * <p>Thread-safe; the rebuild runs at most once per program and class loader at a time.
 */
public final class Plans {

    private static final Map<ClassLoader, Map<PlanRef, JobSpec>> PLANS = new WeakHashMap<>();

    private Plans() {
    }

    /**
     * The plan of {@code ref}, rebuilt in this JVM with the context class loader (Flink's user code loader) unless
     * the program's class, as that loader resolves it, already has one (a plan {@link #register registered} in
     * this JVM: Flink's MiniCluster gives each job a user code loader of its own that finds the program's class in
     * the application's loader).
     */
    public static JobSpec plan(PlanRef ref) {
        ClassLoader loader = contextLoader();
        ClassLoader programLoader = programLoader(ref, loader);
        Map<PlanRef, JobSpec> plans;
        synchronized (PLANS) {
            plans = PLANS.computeIfAbsent(programLoader, l -> new ConcurrentHashMap<>());
        }
        return plans.computeIfAbsent(ref, r -> rebuild(r, loader));
    }

    /** Registers a plan already built in this JVM (the client's, or a test's), so it is not rebuilt here. */
    public static void register(PlanRef ref, JobSpec spec) {
        ClassLoader programLoader = programLoader(ref, contextLoader());
        synchronized (PLANS) {
            PLANS.computeIfAbsent(programLoader, l -> new ConcurrentHashMap<>()).put(ref, spec);
        }
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : Plans.class.getClassLoader();
    }

    /** The loader that defines the program's class as {@code loader} resolves it (plans are per program class). */
    private static ClassLoader programLoader(PlanRef ref, ClassLoader loader) {
        try {
            ClassLoader defining = Class.forName(ref.mainClass(), false, loader).getClassLoader();
            return defining != null ? defining : loader;
        } catch (ClassNotFoundException | LinkageError e) {
            return loader; // the rebuild reports the missing program
        }
    }

    /** The node {@code id} of the plan of {@code ref}. */
    public static Transformation node(PlanRef ref, int id) {
        for (Transformation t : plan(ref).plan()) {
            if (t.id() == id) {
                return t;
            }
        }
        throw new IllegalStateException("the plan of " + ref + " rebuilt in this JVM has no node " + id + ": the "
                + "program must build the same job for the same arguments in every JVM");
    }

    private static JobSpec rebuild(PlanRef ref, ClassLoader loader) {
        Method main;
        try {
            Class<?> program = Class.forName(ref.mainClass(), true, loader);
            main = program.getMethod("main", String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("cannot rebuild the job's plan: program " + ref.mainClass() + " has no "
                    + "public static void main(String[]) on this class path (" + e + ")", e);
        }
        if (!Modifier.isStatic(main.getModifiers())) {
            throw new IllegalStateException("cannot rebuild the job's plan: " + ref.mainClass() + ".main is not static");
        }
        String[] args = ref.args().toArray(String[]::new);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return PlanCapture.capture(() -> {
                try {
                    return main.invoke(null, (Object) args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error; // PlanCapture.Captured: the program reached execute()
                    }
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            });
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
