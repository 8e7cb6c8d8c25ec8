package org.threadrt;

/**
 * How a native thread the runtime did not create gets an M for a callback
 * ({@link ThreadRuntime#callback}), as Go's cgo does for C threads that call Go.
 */
public enum CallbackMode {
    /**
     * Borrow an extra M for each call and give it back when the call returns (needm / dropm around every
     * call; Go's behaviour from 2013 to 1.20). A thread holds an M only while it is inside a callback, so
     * {@link RuntimeConfig#maxExtraMs()} bounds the callbacks running at once, not the threads that ever
     * call. Costs a few list operations per call.
     */
    PER_CALL,
    /**
     * Borrow an extra M on a thread's first callback and keep it bound to the thread until the thread
     * ends (Go 1.21): later callbacks on that thread cost a thread-local lookup. The shim's thread-exit
     * destructor (a pthread key; an FLS callback on Windows) gives the M back, in native code only. Every
     * native thread alive that has ever called back holds one M, so {@link RuntimeConfig#maxExtraMs()}
     * bounds those threads: a thread beyond the bound waits in its first callback until one ends. A Java
     * thread that calls C that calls back on the same thread keeps its M too, and with it the runtime's
     * context class loader and {@code ThreadRuntime.currentM()}, until it ends; use PER_CALL where that
     * matters.
     */
    CACHED
}
