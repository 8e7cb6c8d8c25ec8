package org.threadrt.workloads;

import com.sun.jna.Callback;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import org.threadrt.workloads.natives.threadrt_testkit_h;

/**
 * The JNA anchor of {@link Callbacks}: JNA's callbacks driven by the same C code as threadrt's, the shim's
 * trt_bench_thread_call_loop (one long-lived C thread calls n times) and trt_bench_thread_cycle (a new C thread
 * calls once and exits), bound through JNA's own {@link NativeLibrary} over the shim file threadrt loaded. JNA
 * is an optional dependency of this module: only these workloads need it on the class path.
 */
public final class JnaCallbacks {
    private JnaCallbacks() {
    }

    /** {@code void fn(void *)}. */
    public interface VoidCallback extends Callback {
        void invoke(Pointer arg);
    }

    static final class Noop implements VoidCallback {
        @Override
        public void invoke(Pointer arg) {
            // nothing
        }
    }

    /** The JNA version on the class path. */
    public static String version() {
        return Native.VERSION;
    }

    /** A shim function bound through JNA and a no-op JNA callback for it, made by open(). */
    private abstract static class JnaWorkload implements Workload {
        private final String function;
        private final boolean initializer;
        Function fn;
        VoidCallback cb;

        JnaWorkload(String function, boolean initializer) {
            this.function = function;
            this.initializer = initializer;
        }

        @Override
        public void open() {
            fn = NativeLibrary.getInstance(threadrt_testkit_h.library().file().toString()).getFunction(function);
            cb = new Noop();
            if (initializer) {
                Native.setCallbackThreadInitializer(cb, new CallbackThreadInitializer());
            }
        }
    }

    /**
     * One operation: one callback from a long-lived C thread. {@code initializer}: with JNA's default
     * {@link CallbackThreadInitializer} (the thread stays attached) or none (JNA attaches and detaches the
     * thread around every call).
     */
    public static Workload callLoop(boolean initializer) {
        return new JnaWorkload("trt_bench_thread_call_loop", initializer) {
            @Override
            public void run(int n) {
                Callbacks.check(fn.invokeInt(new Object[] {cb, Pointer.NULL, (long) n}), "trt_bench_thread_call_loop");
            }
        };
    }

    /** One operation: a new C thread, one callback (default CallbackThreadInitializer), exit; joined. */
    public static Workload cycles() {
        return new JnaWorkload("trt_bench_thread_cycle", true) {
            @Override
            public void run(int n) {
                for (int i = 0; i < n; i++) {
                    Callbacks.check(fn.invokeInt(new Object[] {cb, Pointer.NULL}), "trt_bench_thread_cycle");
                }
            }
        };
    }
}
