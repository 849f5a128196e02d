package dev.weir.api.functions;

import dev.weir.api.RuntimeContext;

/**
 * Base class of rich functions: keeps the {@link RuntimeContext} and has empty {@code open} and
 * {@code close}. See {@link RichFunction} for the call order.
 *
 * <p><b>Copies.</b> Each parallel subtask works on its own copy of the function object that was
 * given to the API: a shallow field-by-field copy of the object as it was when the job was built,
 * made before {@link #setRuntimeContext}. Settings passed to the constructor are therefore seen by
 * every copy, and each copy gets its own runtime context. Create anything mutable (buffers, clients,
 * state handles) in {@link #open}, not in the constructor or a field initialiser, or the copies
 * share one object across threads. Nothing is serialized: fields need not be serializable.
 */
public abstract class AbstractRichFunction implements RichFunction {
    private RuntimeContext runtimeContext;

    @Override
    public void setRuntimeContext(RuntimeContext runtimeContext) {
        this.runtimeContext = runtimeContext;
    }

    /** The context of this subtask; throws {@link IllegalStateException} before the runtime has set it. */
    @Override
    public RuntimeContext getRuntimeContext() {
        if (runtimeContext == null) {
            throw new IllegalStateException("the runtime context of " + getClass().getName()
                    + " is not set yet: it is available from open(..) on, not in the constructor");
        }
        return runtimeContext;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
    }

    @Override
    public void close() throws Exception {
    }
}
