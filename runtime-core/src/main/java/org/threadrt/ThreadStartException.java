package org.threadrt;

/**
 * An OS thread (or the stack for one) could not be created. Carries the OS error number when the port
 * knows it ({@link #errno()}, else -1). Unchecked: the runtime handles it where it starts Ms; users see it
 * as the cause of a failed task or from {@link ThreadRuntime#startBare}.
 */
public class ThreadStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The OS error number, or -1 if unknown. */
    private final int errno;

    /**
     * An error with a message and the OS error number (-1 if unknown).
     *
     * @param message what failed
     * @param errno the OS error number, or -1 if unknown
     */
    public ThreadStartException(String message, int errno) {
        super(errno >= 0 ? message + " (errno " + errno + ")" : message);
        this.errno = errno;
    }

    /**
     * An error with a message and a cause; errno unknown.
     *
     * @param message what failed
     * @param cause why it failed
     */
    public ThreadStartException(String message, Throwable cause) {
        super(message, cause);
        this.errno = -1;
    }

    /**
     * The OS error number (e.g. EAGAIN = 11 on Linux), or -1 if unknown.
     *
     * @return the OS error number, or -1
     */
    public int errno() {
        return errno;
    }
}
