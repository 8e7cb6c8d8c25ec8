package org.threadrt.internal;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.StandardEmitterMBean;

import org.threadrt.DeadlockReport;
import org.threadrt.MXBeanDescription;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeStats;
import org.threadrt.ThreadRuntimeMXBean;

/**
 * Registers a runtime's {@link ThreadRuntimeMXBean} with the platform MBean server. A failure to register
 * (no java.management at run time, a security policy) is logged and never stops the runtime.
 */
public final class Jmx {
    private static final System.Logger LOG = System.getLogger("org.threadrt");
    /** Set to {@code false} to register no MBean. */
    public static final String ENABLED_PROPERTY = "threadrt.jmx";

    private final ObjectName registered;

    private Jmx(ObjectName registered) {
        this.registered = registered;
    }

    /** The name the runtime's MBean was registered under, or null if none was. */
    public ObjectName objectName() {
        return registered;
    }

    /** The object name for a runtime name: {@code org.threadrt:type=ThreadRuntime,name=<name>}, quoted if needed. */
    public static ObjectName objectName(String name) throws MalformedObjectNameException {
        String value = name.matches("[A-Za-z0-9._@#+/-]+") ? name : ObjectName.quote(name);
        return new ObjectName("org.threadrt:type=ThreadRuntime,name=" + value);
    }

    /** Registers the MBean of a runtime; never throws. */
    public static Jmx register(RuntimeConfig config, Sched sched) {
        if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
            return new Jmx(null);
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            DescribedBean bean = new DescribedBean(new Bean(config, sched));
            for (int n = 1; n < 10_000; n++) {
                ObjectName name = objectName(n == 1 ? config.name() : config.name() + "-" + n);
                try {
                    server.registerMBean(bean, name);
                    bean.registeredAs = name;
                    sched.deadlock.addObserver(bean::deadlockDeclared);
                    return new Jmx(name);
                } catch (InstanceAlreadyExistsException taken) {
                    // another live runtime has this name: try the next suffix
                }
            }
            LOG.log(Level.WARNING, "threadrt: no free JMX name for runtime '" + config.name() + "'");
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "threadrt: could not register the JMX MBean of runtime '" + config.name() + "'", t);
        }
        return new Jmx(null);
    }

    /** Unregisters the MBean; idempotent, never throws. */
    public void unregister() {
        if (registered == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
        } catch (InstanceNotFoundException gone) {
            // already unregistered (close called twice)
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "threadrt: could not unregister " + registered, t);
        }
    }

    /*
     * The registered MBean: the MXBean of Bean, with each attribute's text from its MXBeanDescription (the
     * units and metricType fields reach the descriptor through @DescriptorKey by themselves), and a
     * notification emitter for declared deadlocks. Notifications are sent synchronously, on the M that runs
     * the deadlock action after the scheduler lock is released: no thread of its own (a runtime must not
     * start a hidden one per MBean), at the cost that a slow listener delays that M's DeadlockException.
     */
    static final class DescribedBean extends StandardEmitterMBean {
        private static final MBeanNotificationInfo[] NOTIFICATIONS = {
            new MBeanNotificationInfo(new String[] {ThreadRuntimeMXBean.DEADLOCK_NOTIFICATION},
                    Notification.class.getName(),
                    "The runtime declared a deadlock: every task was blocked in its Notes and RuntimeLocks with "
                            + "nothing to wake them; the message and user data are the DeadlockReport's text")};

        private final AtomicLong sequence = new AtomicLong();
        /** Written once after registration, before the observer that reads it is added. */
        private volatile ObjectName registeredAs;

        DescribedBean(Bean bean) {
            super(bean, ThreadRuntimeMXBean.class, true, new NotificationBroadcasterSupport(NOTIFICATIONS));
        }

        void deadlockDeclared(DeadlockReport report) {
            String text = report.toString();
            Notification n = new Notification(ThreadRuntimeMXBean.DEADLOCK_NOTIFICATION, registeredAs,
                    sequence.incrementAndGet(), report.when().toEpochMilli(), text);
            n.setUserData(text);
            sendNotification(n);
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return "A threadrt runtime: its configuration, its Ms (OS threads) and tasks; counters count from the "
                    + "runtime's start";
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            MXBeanDescription d = describe(info.getName());
            return d != null ? d.value() : info.getDescription();
        }

        static MXBeanDescription describe(String attribute) {
            for (String prefix : new String[] {"get", "is"}) {
                try {
                    Method m = ThreadRuntimeMXBean.class.getMethod(prefix + attribute);
                    return m.getAnnotation(MXBeanDescription.class);
                } catch (NoSuchMethodException e) {
                    // try the other prefix
                }
            }
            return null;
        }
    }

    private static final class Bean implements ThreadRuntimeMXBean {
        private final RuntimeConfig config;
        private final Sched sched;
        private final Supplier<RuntimeStats> stats;

        Bean(RuntimeConfig config, Sched sched) {
            this.config = config;
            this.sched = sched;
            this.stats = sched::stats;
        }

        @Override public String getName() { return config.name(); }
        @Override public String getPlatform() { return sched.platform(); }
        @Override public String getStackPolicy() { return config.stackPolicy().name(); }
        @Override public int getMaxThreads() { return config.maxThreads(); }
        @Override public long getIdleTimeoutMillis() { return config.idleTimeout().toMillis(); }
        @Override public boolean isShutdown() { return sched.isShutdown(); }
        @Override public long getMnext() { return stats.get().mnext(); }
        @Override public long getNmfreed() { return stats.get().nmfreed(); }
        @Override public long getMcount() { return stats.get().mcount(); }
        @Override public long getNmidle() { return stats.get().nmidle(); }
        @Override public long getNmrunning() { return stats.get().nmrunning(); }
        @Override public long getNbare() { return stats.get().nbare(); }
        @Override public long getFreemLength() { return stats.get().freemLength(); }
        @Override public long getStacksReaped() { return stats.get().stacksReaped(); }
        @Override public long getStacksMapped() { return stats.get().stacksMapped(); }
        @Override public long getStacksUnmapped() { return stats.get().stacksUnmapped(); }
        @Override public long getStackCacheSize() { return stats.get().stackCacheSize(); }
        @Override public long getRunqLength() { return stats.get().runqLength(); }
        @Override public long getTasksSubmitted() { return stats.get().tasksSubmitted(); }
        @Override public long getTasksCompleted() { return stats.get().tasksCompleted(); }
        @Override public long getThreadsStarted() { return stats.get().threadsStarted(); }
        @Override public long getThreadsExited() { return stats.get().threadsExited(); }
        @Override public long getThreadStartFailures() { return stats.get().threadStartFailures(); }
        @Override public long getLockedExits() { return stats.get().lockedExits(); }
        @Override public long getIdleExits() { return stats.get().idleExits(); }
        @Override public long getBlockedInSync() { return stats.get().blockedInSync(); }
        @Override public long getDeadlocksReported() { return stats.get().deadlocksReported(); }
        @Override public long getExtraMs() { return stats.get().extraMs(); }
        @Override public long getExtraMsFree() { return stats.get().extraMsFree(); }
        @Override public long getStartRefusalEpisodes() { return stats.get().startRefusalEpisodes(); }
    }
}
