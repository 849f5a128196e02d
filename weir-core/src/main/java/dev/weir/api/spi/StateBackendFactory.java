package dev.weir.api.spi;

import dev.weir.api.configuration.ReadableConfig;
import dev.weir.api.state.StateBackend;

/**
 * Makes a state backend from options (Flink's name), for option {@code state.backend.type}: a module
 * that offers a backend registers a factory as a {@link java.util.ServiceLoader} service
 * ({@code META-INF/services/dev.weir.api.spi.StateBackendFactory}), so the API finds it by
 * {@link #name()} without depending on the module. weir-core registers {@code hashmap} (the heap),
 * weir-rocksdb registers {@code rocksdb}.
 *
 * <p>Called on the thread that configures the environment; a factory holds no state of its own.
 *
 * @param <T> the backend it makes
 */
public interface StateBackendFactory<T extends StateBackend> {

    /** The value of {@code state.backend.type} that selects this backend, lower case (Weir's addition). */
    String name();

    /**
     * A backend set up from {@code config} (options of the backend it does not know are left alone).
     *
     * @throws IllegalArgumentException for an option value the backend refuses, naming the option
     */
    T createFromConfig(ReadableConfig config, ClassLoader classLoader);

    /** Whether {@code backend} is one this factory makes (to report a job's settings; Weir's addition). */
    boolean makes(StateBackend backend);
}
