package org.threadrt.internal.events;

import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

import org.threadrt.DeadlockReport;

/**
 * Where the runtime emits its JFR events. Every method first reads one volatile flag, true only while
 * some Flight Recorder recording runs in this JVM; with none, it returns at once and allocates nothing.
 * With a recording running it creates the event and commits it if the recording's settings enable it
 * ({@code shouldCommit}).
 *
 * <p>The flag follows {@link FlightRecorderListener#recordingStateChanged}; adding the listener does not
 * start or initialise Flight Recorder. A JVM without JFR (or a jlinked image without {@code jdk.jfr} at
 * run time) leaves the flag false.
 *
 * <p>Rejected: a {@code new XEvent()} followed by {@code shouldCommit()} on every call, the usual idiom:
 * it allocates in the interpreter and in C1, and the runtime's hot paths (lock contention) are called
 * from native-attached threads where that matters. Rejected: asking {@code jdk.jfr.EventType.isEnabled()}
 * per call: looking the type up registers the class with JFR and initialises its metadata repository.
 */
public final class Events {
    private static volatile boolean recording;

    static {
        try {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recorderInitialized(FlightRecorder recorder) {
                    update(null);
                }

                @Override
                public void recordingStateChanged(Recording changed) {
                    update(changed);
                }
            });
        } catch (Throwable t) {
            // No JFR in this JVM (or not allowed): events stay off.
            recording = false;
        }
    }

    private Events() {}

    private static void update(Recording changed) {
        boolean on = changed != null && changed.getState() == RecordingState.RUNNING;
        if (!on) {
            try {
                for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
                    if (r.getState() == RecordingState.RUNNING) {
                        on = true;
                        break;
                    }
                }
            } catch (Throwable t) {
                on = false;
            }
        }
        recording = on;
    }

    /** Whether a Flight Recorder recording runs in this JVM (a cheap gate; each event has its own settings). */
    public static boolean recording() {
        return recording;
    }

    /** An M's thread started. */
    public static void mStart(String runtime, long mId, long tid, Enum<?> policy) {
        if (!recording) {
            return;
        }
        MStartEvent e = new MStartEvent();
        if (e.shouldCommit()) {
            e.runtime = runtime;
            e.mId = mId;
            e.tid = tid;
            e.policy = policy.name();
            e.commit();
        }
    }

    /** An M exited; {@code reason} is IDLE, LOCKED, SHUTDOWN, CRASH or BARE. */
    public static void mExit(String runtime, long mId, long tid, Enum<?> policy, String reason) {
        if (!recording) {
            return;
        }
        MExitEvent e = new MExitEvent();
        if (e.shouldCommit()) {
            e.runtime = runtime;
            e.mId = mId;
            e.tid = tid;
            e.policy = policy.name();
            e.reason = reason;
            e.commit();
        }
    }

    /** The stack of an exited M was reaped. */
    public static void stackReap(String runtime, long mId, long base, long size) {
        if (!recording) {
            return;
        }
        StackReapEvent e = new StackReapEvent();
        if (e.shouldCommit()) {
            e.runtime = runtime;
            e.mId = mId;
            e.base = base;
            e.size = size;
            e.commit();
        }
    }

    /** A foreign thread took an extra M; {@code mode} is the callback mode (PER_CALL, CACHED). */
    public static void needm(String runtime, long mId, long tid, Enum<?> mode) {
        if (!recording) {
            return;
        }
        NeedMEvent e = new NeedMEvent();
        if (e.shouldCommit()) {
            e.runtime = runtime;
            e.mId = mId;
            e.tid = tid;
            e.mode = mode == null ? null : mode.name();
            e.commit();
        }
    }

    /** A foreign thread gave its extra M back. */
    public static void dropm(String runtime, long mId, long tid, Enum<?> mode) {
        if (!recording) {
            return;
        }
        DropMEvent e = new DropMEvent();
        if (e.shouldCommit()) {
            e.runtime = runtime;
            e.mId = mId;
            e.tid = tid;
            e.mode = mode == null ? null : mode.name();
            e.commit();
        }
    }

    /**
     * Start timing a contended lock acquisition. Returns null (and allocates nothing) when no recording
     * runs; pass the result to {@link #lockContentionEnd}.
     */
    public static Object lockContentionBegin() {
        if (!recording) {
            return null;
        }
        Event e = LockContentionEvent.create();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    /** Ends what {@link #lockContentionBegin} started (null: nothing to do). */
    public static void lockContentionEnd(Object begun, long address, boolean acquired, boolean runtimeLock) {
        if (begun == null) {
            return;
        }
        Event e = (Event) begun;
        e.end();
        if (e.shouldCommit()) {
            e.set(LockContentionEvent.ADDRESS, address);
            e.set(LockContentionEvent.ACQUIRED, acquired);
            e.set(LockContentionEvent.RUNTIME_LOCK, runtimeLock);
            e.commit(); // the stack: see LockContentionEvent
        }
    }

    /** checkdead declared a deadlock. */
    public static void deadlock(DeadlockReport report) {
        if (!recording) {
            return;
        }
        DeadlockEvent e = new DeadlockEvent();
        if (e.shouldCommit()) {
            e.runtime = report.runtimeName();
            e.mcount = report.mcount();
            e.blocked = report.waits().size();
            e.queued = report.runqLength();
            e.report = report.toString();
            e.commit();
        }
    }
}
