package dev.weir.api.spi;

/**
 * A {@link dev.weir.api.JobClient} of an engine with a web interface of its own (the Flink runner's: Flink's web
 * UI), so that a command line can show where it is without depending on the engine.
 */
public interface EngineWebInterface {

    /** The web interface's address, like {@code http://127.0.0.1:8081} (Flink's name). */
    String getWebInterfaceURL();
}
