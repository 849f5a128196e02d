package dev.weir.api.configuration;

/** Where keyed state lives (Flink's name). */
public class StateBackendOptions {

    /**
     * The state backend by name: {@code hashmap} (on the Java heap, the default) or {@code rocksdb}
     * (module weir-rocksdb on the class path). Names are found through the
     * {@code dev.weir.api.spi.StateBackendFactory} services on the class path.
     */
    public static final ConfigOption<String> STATE_BACKEND = ConfigOptions.key("state.backend.type")
            .stringType().defaultValue("hashmap")
            .withDescription("Where keyed state lives: hashmap (the Java heap) or rocksdb (module weir-rocksdb).")
            .withDeprecatedKeys("state.backend");

    StateBackendOptions() {
    }
}
