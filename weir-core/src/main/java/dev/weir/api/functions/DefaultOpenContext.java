package dev.weir.api.functions;

/** The {@link OpenContext} the runtime passes; also for calling {@code open} from a plain unit test. */
public class DefaultOpenContext implements OpenContext {
    public static final OpenContext INSTANCE = new DefaultOpenContext();
}
