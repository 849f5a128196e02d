package dev.weir.api;

import dev.weir.api.configuration.ReadableConfig;
import dev.weir.api.configuration.StateBackendOptions;
import dev.weir.api.spi.StateBackendFactory;
import dev.weir.api.state.StateBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The state backends on the class path by name ({@link StateBackendFactory} services), for
 * {@link StateBackendOptions#STATE_BACKEND}: weir-core does not depend on the modules that offer them.
 */
final class StateBackendFactories {
    /** Backends of Weir's own modules, to say which module to add when one is asked for but absent. */
    private static final Map<String, String> MODULES = Map.of("hashmap", "dev.weir:weir-core",
            "rocksdb", "dev.weir:weir-rocksdb");

    private StateBackendFactories() {
    }

    /** The backend named {@code name} (any case), set up from {@code config}. */
    static StateBackend create(String name, ReadableConfig config, ClassLoader classLoader) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        Map<String, StateBackendFactory<?>> found = load(classLoader);
        StateBackendFactory<?> factory = found.get(wanted);
        if (factory != null) {
            return factory.createFromConfig(config, classLoader);
        }
        String key = StateBackendOptions.STATE_BACKEND.key();
        if (MODULES.containsKey(wanted)) {
            throw new IllegalArgumentException("option '" + key + "': value '" + name + "' needs module "
                    + MODULES.get(wanted) + ", which is not on the class path: add it as a dependency of the job");
        }
        List<String> accepted = new ArrayList<>(found.keySet());
        MODULES.forEach((n, module) -> {
            if (!found.containsKey(n)) {
                accepted.add(n + " (with module " + module + ")");
            }
        });
        throw new IllegalArgumentException("option '" + key + "': value '" + name + "' is not a state backend "
                + "Weir knows; accepted: " + String.join(", ", accepted));
    }

    /** The name a backend is configured with: hashmap for the default (null), else its factory's name. */
    static String nameOf(StateBackend backend) {
        if (backend == null) {
            return StateBackendOptions.STATE_BACKEND.defaultValue();
        }
        return load(backend.getClass().getClassLoader()).values().stream().filter(f -> f.makes(backend))
                .map(StateBackendFactory::name).findFirst().orElse(backend.getClass().getName());
    }

    @SuppressWarnings("rawtypes")
    private static Map<String, StateBackendFactory<?>> load(ClassLoader classLoader) {
        Map<String, StateBackendFactory<?>> byName = new TreeMap<>();
        for (StateBackendFactory<?> factory : ServiceLoader.load(StateBackendFactory.class, classLoader)) {
            byName.putIfAbsent(factory.name().toLowerCase(Locale.ROOT), factory);
        }
        return byName;
    }
}
