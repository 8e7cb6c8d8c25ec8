package org.threadrt.stress;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.threadrt.StackPolicy;
import org.threadrt.spi.NativeStack;
import org.threadrt.spi.Port;

/**
 * A port that forwards to another and remembers every stack it mapped (distinct address ranges: the
 * kernel reuses them), so the runner can look for them in /proc/self/maps after the runtime closed.
 */
public final class TrackingPort implements Port {
    private final Port port;
    private final Set<NativeStack> everMapped = ConcurrentHashMap.newKeySet();

    public TrackingPort(Port port) {
        this.port = port;
    }

    /** Every distinct stack ever mapped through this port. */
    public Set<NativeStack> everMapped() {
        return everMapped;
    }

    @Override public String platform() { return port.platform(); }
    @Override public boolean supports(StackPolicy policy) { return port.supports(policy); }
    @Override public long pageSize() { return port.pageSize(); }
    @Override public void startThread(Runnable body, long stackSize) { port.startThread(body, stackSize); }

    @Override
    public void startThreadOnStack(Runnable body, NativeStack stack, MemorySegment freeWait) {
        port.startThreadOnStack(body, stack, freeWait);
    }

    @Override
    public void startThread(Runnable body, long stackSize, String threadName) {
        port.startThread(body, stackSize, threadName);
    }

    @Override
    public void startThreadOnStack(Runnable body, NativeStack stack, MemorySegment freeWait, String threadName) {
        port.startThreadOnStack(body, stack, freeWait, threadName);
    }

    @Override
    public long startBare(MemorySegment fn, MemorySegment arg, NativeStack stack, MemorySegment freeWait) {
        return port.startBare(fn, arg, stack, freeWait);
    }

    @Override
    public long startBare(MemorySegment fn, MemorySegment arg, NativeStack stack, MemorySegment freeWait,
                          String threadName) {
        return port.startBare(fn, arg, stack, freeWait, threadName);
    }

    @Override
    public NativeStack mapStack(long size, long guard) {
        NativeStack s = port.mapStack(size, guard);
        everMapped.add(s);
        return s;
    }

    @Override public void unmapStack(NativeStack stack) { port.unmapStack(stack); }
    @Override public void reprotectStack(NativeStack stack) { port.reprotectStack(stack); }

    @Override
    public boolean futexWait(MemorySegment word, int expected, long timeoutNanos) {
        return port.futexWait(word, expected, timeoutNanos);
    }

    @Override public void futexWake(MemorySegment word, int count) { port.futexWake(word, count); }
    @Override public long gettid() { return port.gettid(); }
    @Override public void osyield() { port.osyield(); }
    @Override public void usleep(int micros) { port.usleep(micros); }

    @Override
    public MemorySegment upcallStub(MethodHandle target, FunctionDescriptor descriptor, Arena arena) {
        return port.upcallStub(target, descriptor, arena);
    }

    @Override public boolean bindExtraM(MemorySegment block) { return port.bindExtraM(block); }
    @Override public long boundExtraM() { return port.boundExtraM(); }
}
