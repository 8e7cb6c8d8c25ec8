package org.threadrt.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentHashMap;

import org.threadrt.CallbackMode;
import org.threadrt.CallbackPolicy;
import org.threadrt.internal.events.Events;
import org.threadrt.spi.ExtraMLayout;

/*
 * Extra Ms: callbacks from threads the runtime did not create (Go's cgocall.go: needm, dropm, the extra
 * list; the seed go-6c976393 and Go 1.21's cached M).
 *
 * A native thread the runtime did not create may call a callback stub (ThreadRuntime.callback). It gets
 * an M with needm: the head of the runtime's extra list, a lock-free list in native memory (lockextra
 * swaps in a LOCKED sentinel), kept "one more than needed" by newextram, at most maxExtraMs in all.
 * PER_CALL gives it back with dropm after every call; CACHED leaves it bound to the native thread and the
 * shim's thread-exit destructor pushes it back, in C: glibc runs C++ thread_local destructors (where
 * HotSpot detaches the thread) before pthread key destructors, so an upcall there would attach the thread
 * again, for good. That is why the list lives in native memory and why nothing Java-side may need undoing
 * when a CACHED thread ends: the thread's Java state (current M, name, context loader) dies with its
 * JavaThread, and the counts are read from the list itself. Extra Ms count in mcount (mnext) and are
 * never freed, as in Go; they are on no Java list.
 *
 * Synchronization: nextram is guarded by sched.lock; extram is written once under sched.lock and volatile
 * so that needm and dropm read it without the lock; the list's own words follow ExtraList's rule (the
 * LOCKED sentinel); an M's extra-only fields are touched only by the thread holding the M; the registry
 * is a ConcurrentHashMap.
 *
 * Rejected: a Java list of extra Ms (or an upcall from the CACHED thread-exit destructor to give the M
 * back): the destructor runs after HotSpot detached the thread, and an upcall would attach it again and
 * leak that JavaThread. Rejected: a bare FFM upcall stub as the callback: the thread is attached as
 * Thread-N with no context class loader, no M, and an exception escaping the upcall ends the JVM.
 * Rejected: extra Ms on allm: they never leave, and allm is the task and BARE Ms' list; they are counted
 * (nextram) and found by their block's address instead.
 */
final class ExtraMs {
    /**
     * The name the calling thread last got from an extra M of any runtime (thread-confined; dies with the
     * JavaThread). A thread still carrying it may be renamed by the next needm; one the application renamed
     * since is not.
     */
    private static final ThreadLocal<String> NAME_GIVEN = new ThreadLocal<>();

    /**
     * This runtime's extra Ms by their native block's address: what the extra list and {@code trt_bound_m}
     * hold are block addresses. Per runtime, not static: a static map would keep every runtime that ever
     * made a callback reachable for ever, through its Ms. An extra M holds no reference to its runtime
     * (M.sched is null), so a native thread that keeps its CACHED M does not keep the runtime alive either.
     */
    private final ConcurrentHashMap<Long, M> byBlock = new ConcurrentHashMap<>();

    private final Sched sched;
    private final boolean cachedMode;

    /** Extra Ms made (never freed); bounded by maxExtraMs. Guarded by sched.lock. */
    private int nextram;
    /** The extra list, made by the first callback; written once under sched.lock, read without it. */
    private volatile ExtraList extram;

    ExtraMs(Sched sched) {
        this.sched = sched;
        this.cachedMode = sched.config.callbackMode() == CallbackMode.CACHED;
    }

    /**
     * The handle behind a callback stub: {@code target} wrapped with needm / dropm and the exception
     * policy ({@link Callbacks}). Makes the extra list if this is the runtime's first callback.
     *
     * @throws IllegalArgumentException if the target's type is not the descriptor's, or the policy's value
     *                                  does not fit the return type
     */
    MethodHandle callbackHandle(MethodHandle target, FunctionDescriptor descriptor, CallbackPolicy policy) {
        MethodHandle h = Callbacks.wrap(this, target, descriptor, policy);
        initExtraMs();
        return h;
    }

    boolean cachedMode() {
        return cachedMode;
    }

    /**
     * Makes the extra list and its first M, once: the first callback of a runtime does it (Go makes the
     * first extra M when cgo is first used), so a runtime with no callbacks has no extra Ms.
     */
    private void initExtraMs() {
        if (extram != null) {
            return;
        }
        M first;
        sched.lock.lock();
        try {
            if (extram != null) {
                return;
            }
            // Published only once its first M exists: an extra list without one, left behind by a throw in
            // allocextram, would make every needm wait for an M nobody makes.
            ExtraList list = new ExtraList();
            first = allocextram(list);
            extram = list;
        } finally {
            sched.lock.unlock();
        }
        publish(first);
    }

    /*
     * newextram makes one more extra M and puts it on the list, so that the list stays "one more than
     * needed": needm calls it when it took the last M, after it holds that M (the seed's needextram).
     * Making an M here is cheap (a number, a Java object, a native block): no thread is started, since the
     * thread comes from whoever calls back. The bound maxExtraMs is checked under sched.lock; at the bound
     * no M is made and callers that find the list empty wait for a dropm. The trade-off: the list may be
     * empty for the moment between the pop of the last M and this push, and a concurrent needm sleeps
     * through that moment instead of making its own M (which could overshoot the bound).
     */
    private void newextram() {
        M m;
        sched.lock.lock();
        try {
            if (nextram >= sched.config.maxExtraMs()) {
                return;
            }
            m = allocextram(extram);
        } finally {
            sched.lock.unlock();
        }
        publish(m);
    }

    /** An extra M: counted in mnext (so in mcount), its block in the global arena. sched.lock held. */
    private M allocextram(ExtraList list) {
        MemorySegment block = Arena.global().allocate(NativeBlocks.BLOCK_SIZE, NativeBlocks.BLOCK_SIZE);
        M m = M.extra(list, sched.port, sched.mnext + 1, block);
        sched.mnext++; // after the allocations: a throw above takes no number
        block.set(ValueLayout.JAVA_LONG, ExtraMLayout.LIST, list.address());
        block.set(ValueLayout.JAVA_LONG, ExtraMLayout.ID, m.id);
        m.extraName = sched.extraThreadName(m);
        nextram++;
        return m;
    }

    /** Registers a new extra M by its block and pushes it on the list (outside sched.lock). */
    private void publish(M m) {
        byBlock.put(m.block.address(), m);
        extram.push(m.block, sched.port, sched.config.name());
    }

    /*
     * needm gives the calling thread, which has no M, an extra M (the thread is a native thread calling a
     * callback, or a Java thread the runtime did not create). The rule: pop the head of the extra list
     * (lockextra: CAS in the LOCKED sentinel, osyield while someone holds it, sleep 1 µs while it is
     * empty), unlink it, store the next M as the head (unlockextra); if that was the last M, make another
     * (newextram) once this thread holds its M. Then make the thread presentable as the seed's minit did:
     * the current M, the runtime's context class loader (HotSpot attaches a native thread with none), the
     * name of RuntimeConfig.extraThreadNamePattern. CACHED first looks for an M still bound to this native thread (its
     * JavaThread was detached and attached again since) and binds a fresh one with the shim, whose
     * thread-exit destructor gives it back; an M bound to the thread by another runtime is not used (nor
     * replaced): this runtime lends one of its own for the call, as PER_CALL does. Returns the M that dropm must give back after the call, or
     * null when the M stays with the thread. The trade-offs: the name is set only when it changes, because
     * Thread.setName on the current thread is a syscall (prctl), so a PER_CALL thread keeps the name of the
     * last M it held, and only a thread named Thread-N (an attached native thread) or still carrying the
     * name an extra M gave it is renamed: a thread the application named keeps its name. The OS name is not
     * touched: the thread is its creator's (HotSpot does not rename attached threads for the same reason).
     */
    M needm(boolean cached) {
        Thread t = Thread.currentThread();
        M m = null;
        boolean bound = false;
        boolean bindable = cached;
        if (cached) {
            long b = sched.port.boundExtraM();
            if (b != 0) {
                m = byBlock.get(b);
                bound = m != null;
                // Bound to another runtime's M (checked, not used): lend one of ours for this call only.
                bindable = false;
            }
        }
        boolean needextram = false;
        if (m == null) {
            ExtraList l = extram;
            long head = l.lockextra(false, sched.port, sched.config.name());
            m = byBlock.get(head);
            if (m == null) {
                l.unlockextra(head);
                throw new IllegalStateException("threadrt: the extra list of runtime '" + sched.config.name()
                        + "' holds an unknown block 0x" + Long.toHexString(head));
            }
            long next = l.unlink(m.block);
            l.unlockextra(next);
            needextram = next == 0;
        }
        try {
            if (m.thread != t) {
                m.thread = t;
                m.tid = sched.port.gettid();
            }
            m.savedLoader = t.getContextClassLoader();
            String name = t.getName();
            if (!name.equals(m.extraName) && (name.startsWith("Thread-") || name.equals(NAME_GIVEN.get()))) {
                t.setName(m.extraName);
                NAME_GIVEN.set(m.extraName);
            }
            t.setContextClassLoader(sched.contextClassLoader);
            m.savedM = CurrentM.get();
            CurrentM.set(m);
            if (bindable && !bound) {
                bound = sched.port.bindExtraM(m.block);
            }
            if (bound) {
                m.savedLoader = null; // never put back: the M stays with this thread until it ends
                m.savedM = null;
            }
            Events.needm(sched.config.name(), m.id, m.tid, sched.config.callbackMode());
        } catch (Throwable e) {
            if (!bound) {
                dropm(m);
            }
            throw e;
        } finally {
            if (needextram) {
                newextram();
            }
        }
        return bound ? null : m;
    }

    /*
     * dropm undoes needm and gives the M back (PER_CALL after every call; CACHED only where the port cannot
     * bind): the current M cleared, the context class loader put back, the M pushed on its runtime's extra
     * list (lockextra with an empty list allowed, link, unlockextra). The name is left (see needm). The
     * CACHED thread-exit path is the shim's trt_extra_push instead, the same push in C, because by then the
     * thread has left the JVM; it undoes nothing Java-side, and needs to: the JavaThread and its state are
     * already gone.
     */
    void dropm(M m) {
        Thread t = Thread.currentThread();
        CurrentM.set(m.savedM);
        m.savedM = null;
        try {
            t.setContextClassLoader(m.savedLoader);
        } catch (RuntimeException ignored) {
            // Courtesy only.
        }
        m.savedLoader = null;
        Events.dropm(sched.config.name(), m.id, m.tid, sched.config.callbackMode());
        m.home.push(m.block, sched.port, sched.config.name());
    }

    /** The extra list, or null before the first callback. */
    ExtraList list() {
        return extram;
    }

    /** Extra Ms made. sched.lock held. */
    int count() {
        return nextram;
    }

    /** Extra Ms on the list (not lent to any thread); exact whenever no push or pop is under way. */
    long free() {
        ExtraList l = extram;
        return l == null ? 0 : l.length();
    }
}
