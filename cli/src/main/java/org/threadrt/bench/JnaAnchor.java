package org.threadrt.bench;

import com.sun.jna.Callback;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import org.threadrt.ffm.FfmPort;

/**
 * JNA's callbacks driven by the same C code as threadrt's: the shim's trt_bench_thread_call_loop (one
 * long-lived C thread calls n times) and trt_bench_thread_cycle (a new C thread calls once and exits),
 * bound through JNA's own {@link NativeLibrary} over the shim file threadrt loaded.
 */
public final class JnaAnchor {
    private JnaAnchor() {
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

    private static Function function(String name) {
        NativeLibrary lib = NativeLibrary.getInstance(FfmPort.library().file().toString());
        return lib.getFunction(name);
    }

    /** The JNA version on the class path. */
    public static String version() {
        return Native.VERSION;
    }

    /**
     * n callbacks from one long-lived C thread; {@code initializer}: with JNA's default
     * {@link CallbackThreadInitializer} (the thread stays attached) or none (JNA attaches and detaches the
     * thread around every call).
     */
    public static Measurement callLoop(boolean initializer) {
        String id = initializer ? "callback.jna" : "callback.jna-no-init";
        String label = initializer ? "JNA callback, long-lived C thread (default CallbackThreadInitializer)"
                : "JNA callback, long-lived C thread (no initializer: attach+detach per call)";
        return new Measurement(id, label, "ns") {
            Function loop;
            VoidCallback cb;

            @Override
            protected void open() {
                loop = function("trt_bench_thread_call_loop");
                cb = new Noop();
                if (initializer) {
                    Native.setCallbackThreadInitializer(cb, new CallbackThreadInitializer());
                }
            }

            @Override
            protected void batch(int n) {
                JavaWorkloads.check(loop.invokeInt(new Object[] {cb, Pointer.NULL, (long) n}), "trt_bench_thread_call_loop");
            }
        };
    }

    /** A new C thread, one callback (default CallbackThreadInitializer), exit; joined. */
    public static Measurement cycle() {
        return new Measurement("callback-cycle.jna", "JNA: C thread create + 1 callback + exit", "ns") {
            Function cycle;
            VoidCallback cb;

            @Override
            protected void open() {
                cycle = function("trt_bench_thread_cycle");
                cb = new Noop();
                Native.setCallbackThreadInitializer(cb, new CallbackThreadInitializer());
            }

            @Override
            protected void batch(int n) {
                for (int i = 0; i < n; i++) {
                    JavaWorkloads.check(cycle.invokeInt(new Object[] {cb, Pointer.NULL}), "trt_bench_thread_cycle");
                }
            }
        };
    }
}
