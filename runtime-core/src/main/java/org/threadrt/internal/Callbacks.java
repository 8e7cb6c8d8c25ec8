package org.threadrt.internal;

import java.lang.System.Logger.Level;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.function.Consumer;

import org.threadrt.CallbackPolicy;

/**
 * Builds the method handle behind a callback stub: around the user's target, needm before (when the
 * thread has no M), dropm after (when needm lent the M for this call only), and a catch of every Throwable
 * that calls the policy's handler and returns its value. An exception escaping an upcall would end the JVM.
 *
 * <p>The shape, from method handle combinators (no generated classes, any signature):
 * <pre>
 *   (A...)R  = catchException(foldArguments(tryFinally(dropArguments(catchException(target, fail), M),
 *                                                      exit), enter), fail)
 * </pre>
 * {@code enter} is a thread-local read and, only on a thread with no M, needm; {@code exit} is a null check
 * and, only for an M lent for this one call, dropm. So a CACHED callback on a thread that already holds its
 * M costs the thread-local read and the call.
 */
final class Callbacks {
    private static final System.Logger LOG = System.getLogger("org.threadrt");
    private static final MethodHandle ENTER;
    private static final MethodHandle EXIT;
    private static final MethodHandle FAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ENTER = l.findVirtual(Site.class, "enter", MethodType.methodType(M.class));
            EXIT = l.findVirtual(Site.class, "exit", MethodType.methodType(void.class, M.class));
            FAIL = l.findVirtual(Site.class, "fail", MethodType.methodType(Object.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Map<Class<?>, Object> ZEROS = Map.of(int.class, 0, long.class, 0L, double.class, 0.0,
            float.class, 0.0f, boolean.class, false, byte.class, (byte) 0, short.class, (short) 0, char.class,
            '\0');

    private Callbacks() {}

    /** One callback: its runtime, mode and exception policy. */
    static final class Site {
        final ExtraMs extra;
        final boolean cached;
        final Consumer<Throwable> handler;
        final Object failValue;

        Site(ExtraMs extra, boolean cached, Consumer<Throwable> handler, Object failValue) {
            this.extra = extra;
            this.cached = cached;
            this.handler = handler;
            this.failValue = failValue;
        }

        /** The M to give back after the call, or null (the thread had an M, or CACHED keeps the new one). */
        M enter() {
            M current = CurrentM.get();
            if (current == null) {
                return extra.needm(cached);
            }
            if (current.extra && current.home != extra.list()) {
                // Another runtime's extra M (its CACHED M, or a callback nesting across runtimes): checked,
                // not used. Borrow one of ours for this call; dropm gives the thread its M back.
                return extra.needm(false);
            }
            return null; // a task M (of any runtime), a nested callback, or this runtime's CACHED M: no needm
        }

        void exit(M m) {
            if (m != null) {
                extra.dropm(m);
            }
        }

        Object fail(Throwable t) {
            try {
                handler.accept(t);
            } catch (Throwable t2) {
                try {
                    t2.addSuppressed(t);
                    LOG.log(Level.ERROR, "threadrt: a callback's exception handler threw", t2);
                } catch (Throwable ignored) {
                    // Nothing may escape an upcall.
                }
            }
            return failValue;
        }
    }

    /**
     * The wrapped handle for {@code target}, of type {@code descriptor.toMethodType()}.
     *
     * @throws IllegalArgumentException if the types disagree or the policy's value does not fit
     */
    static MethodHandle wrap(ExtraMs extra, MethodHandle target, FunctionDescriptor descriptor, CallbackPolicy policy) {
        MethodType type = descriptor.toMethodType();
        if (!target.type().equals(type)) {
            throw new IllegalArgumentException("callback target type " + target.type() + " does not match the "
                    + "descriptor " + descriptor + ", whose Java type is " + type
                    + "; adapt the target with MethodHandle.asType or fix the descriptor");
        }
        Class<?> r = type.returnType();
        Object failValue = failValue(descriptor, r, policy);
        Site site = new Site(extra, extra.cachedMode(), policy.handler(),
                failValue);

        MethodHandle fail = FAIL.bindTo(site).asType(MethodType.methodType(r, Throwable.class));
        MethodHandle safe = MethodHandles.catchException(target, Throwable.class, fail);  // (A...)R
        MethodHandle body = MethodHandles.dropArguments(safe, 0, M.class);                 // (M, A...)R
        MethodHandle exit = EXIT.bindTo(site);                                             // (M)void
        MethodHandle cleanup;
        if (r == void.class) {
            cleanup = MethodHandles.dropArguments(exit, 0, Throwable.class);               // (Throwable, M)void
        } else {
            MethodHandle keep = MethodHandles.dropArguments(MethodHandles.identity(r), 1, M.class); // (R, M)R
            keep = MethodHandles.foldArguments(keep, 1, exit);                             // exit(m), then r
            cleanup = MethodHandles.dropArguments(keep, 0, Throwable.class);               // (Throwable, R, M)R
        }
        MethodHandle fin = MethodHandles.tryFinally(body, cleanup);                        // (M, A...)R
        MethodHandle whole = MethodHandles.foldArguments(fin, ENTER.bindTo(site));         // (A...)R
        // Last guard: needm, dropm or the handler failing (an Error) must not end the JVM either.
        return MethodHandles.catchException(whole, Throwable.class, fail);
    }

    private static Object failValue(FunctionDescriptor descriptor, Class<?> r, CallbackPolicy policy) {
        if (r == void.class) {
            if (policy.returnValue().isPresent()) {
                throw new IllegalArgumentException("the callback returns void, so a return value for a failed call ("
                        + policy.returnValue().get() + ") makes no sense");
            }
            return null;
        }
        MemoryLayout layout = descriptor.returnLayout().orElseThrow();
        if (policy.returnValue().isEmpty()) {
            if (r.isPrimitive()) {
                return ZEROS.get(r);
            }
            if (layout instanceof AddressLayout) {
                return MemorySegment.NULL;
            }
            if (layout instanceof GroupLayout) {
                return Arena.ofAuto().allocate(layout); // zeroed; copied out by the upcall stub
            }
            throw new IllegalArgumentException("no zero value for return layout " + layout);
        }
        Object v = policy.returnValue().get();
        Class<?> boxed = r.isPrimitive() ? MethodType.methodType(r).wrap().returnType() : r;
        if (!boxed.isInstance(v)) {
            throw new IllegalArgumentException("the callback's return value for a failed call, " + v + " ("
                    + v.getClass().getName() + "), does not fit its return type " + r.getName() + " (layout "
                    + layout + "): give a " + boxed.getSimpleName());
        }
        if (layout instanceof GroupLayout && ((MemorySegment) v).byteSize() < layout.byteSize()) {
            throw new IllegalArgumentException("the callback's return value for a failed call is " + ((MemorySegment) v)
                    .byteSize() + " bytes, smaller than its struct return layout " + layout);
        }
        return v;
    }
}
