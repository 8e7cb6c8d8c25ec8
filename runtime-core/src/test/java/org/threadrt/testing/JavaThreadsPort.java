package org.threadrt.testing;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.threadrt.StackPolicy;
import org.threadrt.ThreadStartException;
import org.threadrt.spi.NativeStack;
import org.threadrt.spi.Port;

/**
 * A {@link Port} made of Java platform threads, so the runtime can be tested without native code.
 *
 * <ul>
 *   <li>Threads: {@code Thread.ofPlatform().daemon()}; each gets a synthetic, never reused tid.</li>
 *   <li>Futex: a per-address wait emulated with striped Object monitors; the value check and the wait are
 *       atomic under the stripe's monitor and a wake takes the same monitor, so no wakeup is lost. Like a
 *       futex, waits ignore interrupts and keep the interrupt status.</li>
 *   <li>Stacks: dummy address ranges (no memory); the port checks the runtime's use of them: a stack is
 *       never given to two live threads, never unmapped while in use, never unmapped twice.</li>
 *   <li>RUNTIME threads: the "kernel" store of 0 to freeWait (and its wake) is the thread's very last act.</li>
 *   <li>BARE threads: {@code fn} must be a fake address from {@link #bareFunction(Runnable)}; the Runnable
 *       runs on a Java thread, then 0 is stored to freeWait.</li>
 * </ul>
 * Fault injection: {@link #failNextStarts(int)}.
 */
public final class JavaThreadsPort implements Port {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long PAGE = 4096;

    private final Set<StackPolicy> supported;
    private final String platform;
    private final AtomicLong nextTid = new AtomicLong(1_000_000);
    private final ThreadLocal<Long> tid = ThreadLocal.withInitial(nextTid::incrementAndGet);
    private final Object[] stripes = new Object[256];
    private final AtomicLong nextStackBase = new AtomicLong(0x7000_0000_0000L);
    private final Set<NativeStack> mapped = ConcurrentHashMap.newKeySet();
    private final Set<NativeStack> inUse = ConcurrentHashMap.newKeySet();
    private final Map<Long, Runnable> bareFunctions = new ConcurrentHashMap<>();
    private final AtomicLong nextFn = new AtomicLong(0x1000);
    private final AtomicInteger failStarts = new AtomicInteger();
    private final AtomicInteger liveThreads = new AtomicInteger();
    private final AtomicLong threadsStarted = new AtomicLong();
    private final AtomicLong reprotects = new AtomicLong();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<Error> failWait = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile long failWaitAbove = Long.MAX_VALUE;

    /** A port that supports every stack policy (emulated), platform {@code java-threads}. */
    public JavaThreadsPort() {
        this("java-threads", EnumSet.allOf(StackPolicy.class));
    }

    /** A port with the given platform name and supported policies. */
    public JavaThreadsPort(String platform, Set<StackPolicy> supported) {
        this.platform = platform;
        this.supported = EnumSet.copyOf(supported);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    // ---- test controls and observations

    /** The next {@code n} thread starts (any kind) throw ThreadStartException with errno 11 (EAGAIN). */
    public void failNextStarts(int n) {
        failStarts.set(n);
    }

    /**
     * The next {@link #futexWait} with a timeout longer than {@code nanos} throws {@code error}, once: a
     * failure injected into whatever loop waits that long (an idle M's park, with a long idle timeout).
     */
    public void failNextWaitLongerThan(long nanos, Error error) {
        failWait.set(error);
        failWaitAbove = nanos;
    }

    /** Whether the failure armed by {@link #failNextWaitLongerThan} has not been thrown yet. */
    public boolean waitFailurePending() {
        return failWait.get() != null;
    }

    /** A fake function address for {@link #startBare}; the Runnable is what the BARE thread "runs". */
    public MemorySegment bareFunction(Runnable body) {
        long address = nextFn.getAndAdd(16);
        bareFunctions.put(address, body);
        return MemorySegment.ofAddress(address);
    }

    /** Threads started by this port whose body has not returned. */
    public int liveThreads() {
        return liveThreads.get();
    }

    /** Threads this port started. */
    public long threadsStarted() {
        return threadsStarted.get();
    }

    /** Stacks mapped and not unmapped. */
    public int mappedStacks() {
        return mapped.size();
    }

    /** Reprotect calls (stack reuse from the cache). */
    public long reprotects() {
        return reprotects.get();
    }

    /** Misuses of stacks or words the port saw; empty when the runtime behaved. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    // ---- Port

    @Override
    public String platform() {
        return platform;
    }

    @Override
    public boolean supports(StackPolicy policy) {
        return supported.contains(policy);
    }

    @Override
    public long pageSize() {
        return PAGE;
    }

    private void maybeFail() {
        if (failStarts.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new ThreadStartException("injected thread start failure", 11);
        }
    }

    @Override
    public void startThread(Runnable body, long stackSize) {
        maybeFail();
        start(body, stackSize, null, null);
    }

    @Override
    public void startThreadOnStack(Runnable body, NativeStack stack, MemorySegment freeWait) {
        maybeFail();
        checkStackFree(stack);
        if ((int) INT.getVolatile(freeWait, 0L) != 1) {
            violations.add("startThreadOnStack with freeWait != 1");
        }
        start(body, stack.usableSize(), stack, freeWait);
    }

    @Override
    public long startBare(MemorySegment fn, MemorySegment arg, NativeStack stack, MemorySegment freeWait) {
        maybeFail();
        Runnable body = bareFunctions.get(fn.address());
        if (body == null) {
            throw new ThreadStartException("JavaThreadsPort: fn 0x" + Long.toHexString(fn.address())
                    + " was not made by bareFunction()", 22);
        }
        checkStackFree(stack);
        long[] childTid = new long[1];
        Thread t = start(body, stack.usableSize(), stack, freeWait, childTid);
        return childTid[0] != 0 ? childTid[0] : t.threadId();
    }

    private void checkStackFree(NativeStack stack) {
        if (!mapped.contains(stack)) {
            violations.add("thread started on an unmapped stack " + stack);
        }
        if (!inUse.add(stack)) {
            violations.add("stack given to a second live thread " + stack);
        }
    }

    private Thread start(Runnable body, long stackSize, NativeStack stack, MemorySegment freeWait) {
        return start(body, stackSize, stack, freeWait, new long[1]);
    }

    private Thread start(Runnable body, long stackSize, NativeStack stack, MemorySegment freeWait, long[] childTid) {
        long newTid = nextTid.incrementAndGet();
        childTid[0] = newTid;
        liveThreads.incrementAndGet();
        threadsStarted.incrementAndGet();
        Thread t = Thread.ofPlatform().daemon().name("jtp-" + newTid).stackSize(Math.max(stackSize, 256 * 1024))
                .unstarted(() -> {
                    tid.set(newTid);
                    try {
                        body.run();
                    } catch (Throwable e) {
                        violations.add("thread body threw " + e);
                    } finally {
                        liveThreads.decrementAndGet();
                        if (stack != null) {
                            inUse.remove(stack);
                        }
                        if (freeWait != null) { // the "kernel": clear-child-tid on exit
                            INT.setVolatile(freeWait, 0L, 0);
                            futexWake(freeWait, Integer.MAX_VALUE);
                        }
                    }
                });
        try {
            t.start();
        } catch (OutOfMemoryError e) {
            liveThreads.decrementAndGet();
            if (stack != null) {
                inUse.remove(stack);
            }
            throw new ThreadStartException("Java thread start failed", e);
        }
        return t;
    }

    @Override
    public NativeStack mapStack(long size, long guard) {
        if (size % PAGE != 0 || guard % PAGE != 0) {
            violations.add("mapStack with unaligned size/guard " + size + "/" + guard);
        }
        long base = nextStackBase.getAndAdd(size + PAGE);
        NativeStack s = NativeStack.of(base, size, guard);
        mapped.add(s);
        return s;
    }

    @Override
    public void unmapStack(NativeStack stack) {
        if (inUse.contains(stack)) {
            violations.add("unmap of a stack in use " + stack);
        }
        if (!mapped.remove(stack)) {
            violations.add("unmap of a stack not mapped " + stack);
        }
    }

    @Override
    public void reprotectStack(NativeStack stack) {
        if (!mapped.contains(stack)) {
            violations.add("reprotect of a stack not mapped " + stack);
        }
        if (inUse.contains(stack)) {
            violations.add("reprotect of a stack in use " + stack);
        }
        reprotects.incrementAndGet();
    }

    private Object stripe(MemorySegment word) {
        long a = word.address() >>> 2;
        return stripes[(int) ((a ^ (a >>> 8) ^ (a >>> 16)) & (stripes.length - 1))];
    }

    @Override
    public boolean futexWait(MemorySegment word, int expected, long timeoutNanos) {
        if (timeoutNanos > failWaitAbove) {
            Error injected = failWait.getAndSet(null);
            if (injected != null) {
                failWaitAbove = Long.MAX_VALUE;
                throw injected;
            }
        }
        boolean interrupted = Thread.interrupted();
        Object s = stripe(word);
        try {
            synchronized (s) {
                if ((int) INT.getVolatile(word, 0L) != expected) {
                    return false;
                }
                if (timeoutNanos < 0) {
                    s.wait();
                    return false;
                }
                if (timeoutNanos == 0) {
                    return true;
                }
                long start = System.nanoTime();
                TimeUnit.NANOSECONDS.timedWait(s, timeoutNanos);
                return System.nanoTime() - start >= timeoutNanos
                        && (int) INT.getVolatile(word, 0L) == expected;
            }
        } catch (InterruptedException e) {
            interrupted = true;
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void futexWake(MemorySegment word, int count) {
        Object s = stripe(word);
        synchronized (s) {
            s.notifyAll();
        }
    }

    @Override
    public long gettid() {
        return tid.get();
    }

    @Override
    public void osyield() {
        Thread.yield();
    }

    @Override
    public void usleep(int micros) {
        LockSupport.parkNanos(micros * 1000L);
    }

    @Override
    public String toString() {
        return "JavaThreadsPort[" + platform + "]";
    }
}
