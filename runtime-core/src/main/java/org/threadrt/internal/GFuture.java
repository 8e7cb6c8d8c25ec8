package org.threadrt.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * The future of a submitted task: a {@link FutureTask} that the runtime can also fail from outside, when
 * the task can never run because no OS thread could be started for it.
 */
public final class GFuture<T> extends FutureTask<T> {

    /** A future running {@code callable}. */
    public GFuture(Callable<T> callable) {
        super(callable);
    }

    /** A future running {@code runnable} and yielding {@code result}. */
    public GFuture(Runnable runnable, T result) {
        super(runnable, result);
    }

    /** Completes the future exceptionally with {@code cause} unless it already completed. */
    void fail(Throwable cause) {
        setException(cause);
    }
}
