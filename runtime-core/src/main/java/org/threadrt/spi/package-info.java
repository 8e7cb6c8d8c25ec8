/**
 * The service-provider interface between the runtime and the operating system: {@link org.threadrt.spi.Port}.
 *
 * <p>Exported to every module, like {@code java.nio.channels.spi}: applications never need it, but three
 * kinds of users do, and the public API names it for them:
 * <ul>
 *   <li>{@code org.threadrt.ffm}, the port for real machines, implements it;</li>
 *   <li>embedders and tests bring their own port ({@code ThreadRuntime.start(RuntimeConfig, Port)}), e.g.
 *       one that forwards to the real port and records what it mapped (the stress runner's leak check), or
 *       one made of Java platform threads (the runtime's own tests);</li>
 *   <li>code that shares a lock or note word with C outside any runtime ({@code RuntimeLock.over},
 *       {@code Note.over}) names the port that sleeps and wakes on the word.</li>
 * </ul>
 * A port is trusted code: it starts threads and maps memory exactly as asked. Nothing in the runtime knows
 * a syscall number; nothing in a port knows a scheduling rule. The interface may grow with the runtime
 * (new default methods, or a new ABI), so implementations outside threadrt should expect to follow its
 * releases.
 */
package org.threadrt.spi;
