package org.threadrt;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a callback ({@link ThreadRuntime#callback}) does when its target throws: the value the native
 * caller gets back, and who sees the Throwable. An exception must never leave an upcall (the JVM would
 * end), so every callback boundary catches every Throwable and applies its policy.
 *
 * <pre>{@code
 * CallbackPolicy p = CallbackPolicy.defaults()
 *         .withReturnValue(-1)                                // the C caller sees -1 (an int callback)
 *         .withHandler(t -> metrics.callbackFailed(t));       // instead of logging
 * }</pre>
 *
 * <p>Without {@link #withReturnValue} the native caller gets the zero of the return type: {@code 0},
 * {@code 0L}, {@code 0.0}, {@code false}, {@code '\0'}, {@code MemorySegment.NULL} for a pointer, a zeroed
 * struct. The default handler logs the Throwable at WARNING to {@code System.getLogger("org.threadrt")}. A
 * handler that throws is logged and otherwise ignored. Immutable.
 */
public final class CallbackPolicy {
    private static final System.Logger LOG = System.getLogger("org.threadrt");
    private static final Consumer<Throwable> LOG_HANDLER = t -> LOG.log(Level.WARNING,
            "threadrt: a callback threw; its native caller gets the policy's return value", t);
    private static final CallbackPolicy DEFAULTS = new CallbackPolicy(false, null, LOG_HANDLER);

    private final boolean hasReturnValue;
    private final Object returnValue;
    private final Consumer<Throwable> handler;

    private CallbackPolicy(boolean hasReturnValue, Object returnValue, Consumer<Throwable> handler) {
        this.hasReturnValue = hasReturnValue;
        this.returnValue = returnValue;
        this.handler = handler;
    }

    /**
     * Zero of the return type to the caller; the Throwable logged at WARNING.
     *
     * @return the default policy
     */
    public static CallbackPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * This policy, with the value the native caller gets when the target throws. It must be of the
     * callback's return carrier (boxed: an {@code Integer} for {@code JAVA_INT}, a {@code MemorySegment}
     * for an address or a struct of the right size); {@link ThreadRuntime#callback} checks it.
     *
     * @param value what the native caller gets from a failed call
     * @return a new policy
     */
    public CallbackPolicy withReturnValue(Object value) {
        return new CallbackPolicy(true, Objects.requireNonNull(value, "value"), handler);
    }

    /**
     * This policy, with the handler that sees the Throwable of a failed call. It runs on the native
     * thread, inside the callback (the M is still current), and should not block.
     *
     * @param handler what sees the Throwable of a failed call
     * @return a new policy
     */
    public CallbackPolicy withHandler(Consumer<? super Throwable> handler) {
        Objects.requireNonNull(handler, "handler");
        return new CallbackPolicy(hasReturnValue, returnValue, handler::accept);
    }

    /**
     * The value given with {@link #withReturnValue}, if any.
     *
     * @return the value for failed calls, or empty for zero
     */
    public Optional<Object> returnValue() {
        return hasReturnValue ? Optional.of(returnValue) : Optional.empty();
    }

    /**
     * The handler.
     *
     * @return the handler of failed calls' Throwables
     */
    public Consumer<Throwable> handler() {
        return handler;
    }

    @Override
    public String toString() {
        return "CallbackPolicy[returnValue=" + (hasReturnValue ? returnValue : "zero") + ", handler="
                + (handler == LOG_HANDLER ? "log" : handler) + "]";
    }
}
