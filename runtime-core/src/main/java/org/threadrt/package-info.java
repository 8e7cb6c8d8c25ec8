/**
 * threadrt: Go's runtime management of OS threads on the JVM. Start with
 * {@link org.threadrt.ThreadRuntime}; configure with {@link org.threadrt.RuntimeConfig}; share locks and
 * events with C code through {@link org.threadrt.RuntimeLock} and {@link org.threadrt.Note}.
 */
package org.threadrt;
