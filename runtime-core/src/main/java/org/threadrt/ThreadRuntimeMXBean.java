package org.threadrt;

/**
 * The management interface of a running {@link ThreadRuntime}, registered with the platform MBean server
 * as {@code org.threadrt:type=ThreadRuntime,name=<config name>} when the runtime starts and unregistered
 * when it closes (a second live runtime with the same name gets {@code <name>-2}, and so on). JConsole,
 * VisualVM and JMX exporters see every counter of {@link RuntimeStats}; each read takes the scheduler lock
 * once. Set the system property {@code threadrt.jmx=false} to register nothing.
 *
 * <p>Every attribute carries its description, unit and metric type ({@link MXBeanDescription}) in its
 * {@code MBeanAttributeInfo}. The MBean is a {@link javax.management.NotificationEmitter}: when the runtime
 * declares a deadlock it sends a notification of type {@link #DEADLOCK_NOTIFICATION} whose message and user
 * data are the report's text ({@link DeadlockReport#toString()}), after the configured deadlock handler ran.
 * Listeners run on one of the deadlocked Ms and must not block.
 */
public interface ThreadRuntimeMXBean {
    /** The type of the notification sent when a deadlock is declared. */
    String DEADLOCK_NOTIFICATION = "org.threadrt.deadlock";

    /** {@return the runtime's configured name} */
    @MXBeanDescription("The runtime's configured name (RuntimeConfig.name); fixed at start.")
    String getName();
    /** {@return the platform, e.g. {@code linux-x86_64}} */
    @MXBeanDescription("The platform the runtime's port runs on, e.g. linux-x86_64; fixed at start.")
    String getPlatform();
    /** {@return the stack policy of task Ms (OS or RUNTIME)} */
    @MXBeanDescription("Who owns the stacks of task Ms: OS or RUNTIME (RuntimeConfig.stackPolicy); fixed at start.")
    String getStackPolicy();
    /** {@return the most task Ms alive at once} */
    @MXBeanDescription(value = "The most task Ms alive at once (RuntimeConfig.maxThreads); fixed at start.", units = "threads")
    int getMaxThreads();
    /** {@return the idle timeout, in milliseconds} */
    @MXBeanDescription(value = "How long an idle M waits for work before its thread exits (RuntimeConfig.idleTimeout); fixed at start.", units = "ms")
    long getIdleTimeoutMillis();
    /** {@return whether the runtime is shut down} */
    @MXBeanDescription("Whether shutdown() or close() was called; once true it stays true.")
    boolean isShutdown();

    /** {@return the number of Ms ever allocated} */
    @MXBeanDescription(value = "Ms ever made (task, BARE and extra) since the runtime started: the number of the newest M.", units = "threads", metricType = "counter")
    long getMnext();
    /** {@return the number of Ms that exited} */
    @MXBeanDescription(value = "Ms that left the runtime (exited task Ms, reaped BARE Ms, failed starts) since the runtime started.", units = "threads", metricType = "counter")
    long getNmfreed();
    /** {@return the number of Ms alive now ({@code mnext - nmfreed})} */
    @MXBeanDescription(value = "Ms that exist now: task, BARE and extra Ms (Mnext - Nmfreed).", units = "threads", metricType = "gauge")
    long getMcount();
    /** {@return the number of Ms idle, waiting for work} */
    @MXBeanDescription(value = "Task Ms idle now, parked waiting for work (each exits after the idle timeout).", units = "threads", metricType = "gauge")
    long getNmidle();
    /** {@return the number of Ms running a task} */
    @MXBeanDescription(value = "Task Ms holding a task now (running it, or handed it and about to run it).", units = "threads", metricType = "gauge")
    long getNmrunning();
    /** {@return the number of BARE Ms alive} */
    @MXBeanDescription(value = "BARE Ms (native-only threads) alive now, not yet seen gone by the reaper.", units = "threads", metricType = "gauge")
    long getNbare();
    /** {@return the number of exited Ms whose stacks are not yet reaped (length of freem)} */
    @MXBeanDescription(value = "Exited RUNTIME-stack Ms now waiting for the kernel to release their stacks (the length of freem).", units = "threads", metricType = "gauge")
    long getFreemLength();
    /** {@return the number of stacks reaped} */
    @MXBeanDescription(value = "Runtime-owned stacks reaped (seen free after their thread ended) since the runtime started.", units = "stacks", metricType = "counter")
    long getStacksReaped();
    /** {@return the number of stacks the runtime mapped} */
    @MXBeanDescription(value = "Stacks the runtime mapped (mmap) since the runtime started; 0 with the OS stack policy and no BARE Ms.", units = "stacks", metricType = "counter")
    long getStacksMapped();
    /** {@return the number of stacks the runtime unmapped} */
    @MXBeanDescription(value = "Stacks the runtime unmapped (munmap) since the runtime started.", units = "stacks", metricType = "counter")
    long getStacksUnmapped();
    /** {@return the number of stacks in the cache, ready for reuse} */
    @MXBeanDescription(value = "Freed stacks kept mapped now for the next M (at most RuntimeConfig.stackCacheSize).", units = "stacks", metricType = "gauge")
    long getStackCacheSize();
    /** {@return the number of tasks queued, waiting for an M} */
    @MXBeanDescription(value = "Tasks queued now, waiting for an M (all maxThreads task Ms busy).", units = "tasks", metricType = "gauge")
    long getRunqLength();
    /** {@return the number of tasks accepted} */
    @MXBeanDescription(value = "Tasks accepted (submit, execute, invokeAll...) since the runtime started.", units = "tasks", metricType = "counter")
    long getTasksSubmitted();
    /** {@return the number of tasks that ran to the end} */
    @MXBeanDescription(value = "Tasks that ran to their end, normally or by throwing, since the runtime started.", units = "tasks", metricType = "counter")
    long getTasksCompleted();
    /** {@return the number of OS threads started (task and BARE Ms)} */
    @MXBeanDescription(value = "OS threads the port started for task and BARE Ms since the runtime started.", units = "threads", metricType = "counter")
    long getThreadsStarted();
    /** {@return the number of threads that ended} */
    @MXBeanDescription(value = "Task M threads whose body returned (the thread then ends through libc) since the runtime started.", units = "threads", metricType = "counter")
    long getThreadsExited();
    /** {@return the number of thread starts the OS refused} */
    @MXBeanDescription(value = "Thread starts the OS refused (after the shim's EAGAIN retries) since the runtime started.", units = "threads", metricType = "counter")
    long getThreadStartFailures();
    /** {@return the number of Ms that exited because a task ended locked to its thread} */
    @MXBeanDescription(value = "Task Ms that exited because their task ended locked to its thread (lockOSThread) since the runtime started.", units = "threads", metricType = "counter")
    long getLockedExits();
    /** {@return the number of Ms that exited after the idle timeout} */
    @MXBeanDescription(value = "Task Ms that exited after idling for the idle timeout since the runtime started.", units = "threads", metricType = "counter")
    long getIdleExits();
    /** {@return the number of tasks blocked now in the runtime's Notes and RuntimeLocks} */
    @MXBeanDescription(value = "Tasks blocked now in this runtime's Notes and RuntimeLocks (what the deadlock check watches).", units = "tasks", metricType = "gauge")
    long getBlockedInSync();
    /** {@return the number of deadlocks reported} */
    @MXBeanDescription(value = "Deadlocks declared since the runtime started (each also sends a JMX notification of type org.threadrt.deadlock).", units = "deadlocks", metricType = "counter")
    long getDeadlocksReported();
    /** {@return the number of extra Ms made for callbacks from foreign threads (never freed)} */
    @MXBeanDescription(value = "Extra Ms made for callbacks from foreign threads since the runtime started; never freed, at most RuntimeConfig.maxExtraMs.", units = "threads", metricType = "counter")
    long getExtraMs();
    /** {@return the number of extra Ms on the extra list, lent to no thread} */
    @MXBeanDescription(value = "Extra Ms on the extra list now, lent to no foreign thread.", units = "threads", metricType = "gauge")
    long getExtraMsFree();
    /** {@return the number of times the OS began refusing thread starts (each episode ends at the next start that succeeds)} */
    @MXBeanDescription(value = "Episodes in which the OS refused to start a thread, since the runtime started; an episode begins at the first refusal and ends at the next start that succeeds.", units = "episodes", metricType = "counter")
    long getStartRefusalEpisodes();
}
