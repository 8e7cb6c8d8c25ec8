package org.threadrt;

/**
 * Who owns an M's stack and how its thread ends.
 *
 * <table>
 *   <caption>Stack policies</caption>
 *   <tr><th>policy</th><th>start</th><th>end</th><th>who frees the stack</th><th>where</th></tr>
 *   <tr><td>{@link #OS}</td><td>pthread_create with the configured size, then detach</td>
 *       <td>return from the thread body; libc and the JVM clean up</td><td>the OS</td><td>everywhere</td></tr>
 *   <tr><td>{@link #RUNTIME}</td><td>the runtime maps the stack (guard page at the low end); the thread
 *       registers its M's freeWait word with the kernel</td><td>return from the body; the kernel writes 0
 *       to freeWait when the thread is gone</td><td>the runtime, when it next allocates an M or closes</td>
 *       <td>Linux</td></tr>
 *   <tr><td>{@link #BARE}</td><td>raw clone on a runtime-mapped stack</td><td>the native function returns
 *       into exitThread: store 0 to freeWait, exit syscall</td><td>the runtime</td><td>Linux; never enters
 *       the JVM</td></tr>
 * </table>
 */
public enum StackPolicy {
    /** The OS allocates and frees the stack. The default; works on every platform. */
    OS,
    /**
     * The runtime maps each M's stack, can cache and reuse stacks, and knows exactly when one is free.
     * Linux only; elsewhere {@link ThreadRuntime#start} refuses it.
     */
    RUNTIME,
    /**
     * Native-only Ms started with {@link ThreadRuntime#startBare}; they never run Java, so this is not a
     * policy for the runtime's task Ms.
     */
    BARE
}
