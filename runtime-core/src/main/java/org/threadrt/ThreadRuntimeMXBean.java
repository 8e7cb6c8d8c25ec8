package org.threadrt;

/**
 * The management interface of a running {@link ThreadRuntime}, registered with the platform MBean server
 * as {@code org.threadrt:type=ThreadRuntime,name=<config name>} when the runtime starts and unregistered
 * when it closes (a second live runtime with the same name gets {@code <name>-2}, and so on). JConsole,
 * VisualVM and JMX exporters see every counter of {@link RuntimeStats}; each read takes the scheduler lock
 * once. Set the system property {@code threadrt.jmx=false} to register nothing.
 */
public interface ThreadRuntimeMXBean {
    /** The runtime's configured name. */
    String getName();
    /** The platform, e.g. {@code linux-x86_64}. */
    String getPlatform();
    /** The stack policy of task Ms (OS or RUNTIME). */
    String getStackPolicy();
    /** The most task Ms alive at once. */
    int getMaxThreads();
    /** The idle timeout, in milliseconds. */
    long getIdleTimeoutMillis();
    /** Whether the runtime is shut down. */
    boolean isShutdown();

    /** Ms ever allocated. */
    long getMnext();
    /** Ms that exited. */
    long getNmfreed();
    /** Ms alive now ({@code mnext - nmfreed}). */
    long getMcount();
    /** Ms idle, waiting for work. */
    long getNmidle();
    /** Ms running a task. */
    long getNmrunning();
    /** BARE Ms alive. */
    long getNbare();
    /** Exited Ms whose stacks are not yet reaped (length of freem). */
    long getFreemLength();
    /** Stacks reaped. */
    long getStacksReaped();
    /** Stacks the runtime mapped. */
    long getStacksMapped();
    /** Stacks the runtime unmapped. */
    long getStacksUnmapped();
    /** Stacks in the cache, ready for reuse. */
    long getStackCacheSize();
    /** Tasks queued, waiting for an M. */
    long getRunqLength();
    /** Tasks accepted. */
    long getTasksSubmitted();
    /** Tasks that ran to the end. */
    long getTasksCompleted();
    /** OS threads started (task and BARE Ms). */
    long getThreadsStarted();
    /** Threads that ended. */
    long getThreadsExited();
    /** Thread starts the OS refused. */
    long getThreadStartFailures();
    /** Ms that exited because a task ended locked to its thread. */
    long getLockedExits();
    /** Ms that exited after the idle timeout. */
    long getIdleExits();
    /** Tasks blocked now in the runtime's Notes and RuntimeLocks. */
    long getBlockedInSync();
    /** Deadlocks reported. */
    long getDeadlocksReported();
    /** Extra Ms made for callbacks from foreign threads (never freed). */
    long getExtraMs();
    /** Extra Ms on the extra list, lent to no thread. */
    long getExtraMsFree();
    /** Times the OS began refusing thread starts (each episode ends at the next start that succeeds). */
    long getStartRefusalEpisodes();
}
