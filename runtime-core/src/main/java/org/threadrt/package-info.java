/**
 * threadrt: Go's runtime management of OS threads on the JVM. Start with
 * {@link org.threadrt.ThreadRuntime}; configure with {@link org.threadrt.RuntimeConfig}; share locks and
 * events with C code through {@link org.threadrt.RuntimeLock} and {@link org.threadrt.Note}.
 *
 * <h2>Depending on it</h2>
 * Declare {@code org.threadrt:threadrt} (the port for real machines, module {@code org.threadrt.ffm},
 * with the native shim of every supported platform inside); it brings this API,
 * {@code org.threadrt:threadrt-runtime-core} (module {@code org.threadrt}). {@code org.threadrt:threadrt-bom}
 * holds both versions. On the module path a module {@code requires org.threadrt;}; the port is found by
 * service binding ({@code uses org.threadrt.spi.Port}).
 *
 * <h2>Enabling native access</h2>
 * threadrt calls native code through the Foreign Function &amp; Memory API, whose restricted methods need
 * native access granted to the module that calls them:
 * <ul>
 * <li>module path: {@code java --enable-native-access=org.threadrt.ffm ...} (add your own module when it
 *     calls restricted methods too, e.g. {@code --enable-native-access=org.threadrt.ffm,com.example.app});</li>
 * <li>class path: {@code java --enable-native-access=ALL-UNNAMED ...};</li>
 * <li>an executable jar: the manifest attribute {@code Enable-Native-Access: ALL-UNNAMED}.</li>
 * </ul>
 * Without it the JDK warns on the first restricted call; under {@code --illegal-native-access=deny} the
 * shim is not loaded and {@link org.threadrt.ThreadRuntime#start()} fails with a message naming the flag.
 * The shim for this machine is picked by {@code os.name}, {@code os.arch} and the C library (Linux:
 * glibc; a musl system is refused, naming what was found and what is supported), copied out of the jar
 * into a fresh owner-only directory, checked against the SHA-256 recorded at build time and loaded;
 * {@code -Dthreadrt.shim.path=FILE} loads the given file instead.
 *
 * <h2>JDK Flight Recorder events</h2>
 * Each runtime emits these events in category {@code threadrt}; they are on by default and cost one
 * volatile read, with no allocation, while no recording runs.
 * <table class="striped">
 * <caption>threadrt's JFR events</caption>
 * <thead><tr><th scope="col">event</th><th scope="col">when</th><th scope="col">fields</th></tr></thead>
 * <tbody>
 * <tr><td>{@code org.threadrt.MStart}</td><td>an M (OS thread) of the runtime started</td>
 *     <td>runtime, M, OS thread id, stack policy</td></tr>
 * <tr><td>{@code org.threadrt.MExit}</td><td>an M exited</td>
 *     <td>runtime, M, OS thread id, stack policy, reason (IDLE, LOCKED, SHUTDOWN, BARE)</td></tr>
 * <tr><td>{@code org.threadrt.StackReap}</td><td>a runtime-mapped stack of an exited M was unmapped</td>
 *     <td>runtime, M, stack base, stack size</td></tr>
 * <tr><td>{@code org.threadrt.NeedM}</td><td>a foreign thread took an extra M for a callback</td>
 *     <td>runtime, M, OS thread id, callback mode</td></tr>
 * <tr><td>{@code org.threadrt.DropM}</td><td>a foreign thread gave its extra M back</td>
 *     <td>runtime, M, OS thread id, callback mode</td></tr>
 * <tr><td>{@code org.threadrt.LockContention}</td><td>a {@link org.threadrt.RuntimeLock} acquisition waited
 *     (the event's duration is the wait; threshold 1 ms by default)</td><td>lock word, acquired, runtime
 *     lock</td></tr>
 * <tr><td>{@code org.threadrt.ThreadStartRefused}</td><td>the OS refused to start a thread (or map its
 *     stack) for an M; the task stays queued and the start is retried</td><td>runtime, M, errno, message,
 *     refusals in the episode, next retry, gave up</td></tr>
 * <tr><td>{@code org.threadrt.Deadlock}</td><td>the deadlock check found every M blocked</td>
 *     <td>runtime, Ms alive, blocked tasks, queued tasks, report</td></tr>
 * </tbody>
 * </table>
 * An event added to the runtime gets its row here (a test compares this table with the event classes).
 */
package org.threadrt;
