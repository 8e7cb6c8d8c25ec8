package org.threadrt.it;

import java.lang.foreign.MemorySegment;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.threadrt.StackPolicy;
import org.threadrt.ffm.FfmPort;
import org.threadrt.spi.NativeStack;
import org.threadrt.spi.Port;

/** The FFM port, remembering every stack it mapped, so tests can look for them in /proc/self/maps. */
final class RecordingPort implements Port {
    private final FfmPort port = new FfmPort();
    final Set<NativeStack> everMapped = ConcurrentHashMap.newKeySet();

    @Override public String platform() { return port.platform(); }
    @Override public boolean supports(StackPolicy policy) { return port.supports(policy); }
    @Override public long pageSize() { return port.pageSize(); }
    @Override public void startThread(Runnable body, long stackSize) { port.startThread(body, stackSize); }

    @Override
    public void startThreadOnStack(Runnable body, NativeStack stack, MemorySegment freeWait) {
        port.startThreadOnStack(body, stack, freeWait);
    }

    @Override
    public long startBare(MemorySegment fn, MemorySegment arg, NativeStack stack, MemorySegment freeWait) {
        return port.startBare(fn, arg, stack, freeWait);
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
}
