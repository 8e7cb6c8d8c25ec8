package org.threadrt.internal.events;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

import jdk.jfr.AnnotationElement;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventFactory;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.Threshold;
import jdk.jfr.ValueDescriptor;

/**
 * A RuntimeLock was not free at once: the event's duration is the time spent getting it. Its stack trace
 * starts at the caller of {@code RuntimeLock.lock()} / {@code tryLock(...)}, not inside threadrt.
 *
 * <p>How: JFR records the stack of the thread that commits, and its public API has no way to skip frames. JDK
 * 22 added a stack filter that its own events use, {@code jdk.jfr.events.StackFilter}, in a package jdk.jfr
 * does not export, so no class can be annotated with it at compile time (javac refuses {@code --add-exports}
 * of a system module with {@code --release}). The event is therefore defined at run time with
 * {@link EventFactory}, which accepts any annotation marked {@code @MetadataDefinition}, the filter included:
 * loaded by name, it drops the frames of {@link Events} and {@code org.threadrt.RuntimeLock} from the top of
 * the stack. On a JDK without it the event has the same name and fields and its stack starts at
 * {@code Events.lockContentionEnd}. Measured: docs/DESIGN.md ("LockContention's stack").
 *
 * <p>Lifetime: the type is registered with JFR once, by the first contended lock while a recording runs
 * (the holder class below), and stays registered for the JVM's life, as a static event class would.
 */
final class LockContentionEvent {
    static final int ADDRESS = 0;
    static final int ACQUIRED = 1;
    static final int RUNTIME_LOCK = 2;

    /** The frames dropped from the top of every LockContention stack trace. */
    static final String[] FILTERED = {"org.threadrt.internal.events.Events", "org.threadrt.RuntimeLock"};

    private LockContentionEvent() {
    }

    private static final class Type {
        static final EventFactory FACTORY = define();
    }

    /** A new, not yet begun, LockContention event. */
    static Event create() {
        return Type.FACTORY.newEvent();
    }

    /** Whether this JDK has the stack filter (JDK 22+). */
    static boolean stackFiltered() {
        return stackFilter() != null;
    }

    private static EventFactory define() {
        List<AnnotationElement> type = new ArrayList<>();
        type.add(new AnnotationElement(Name.class, "org.threadrt.LockContention"));
        type.add(new AnnotationElement(Label.class, "RuntimeLock Contention"));
        type.add(new AnnotationElement(Category.class, new String[] {"threadrt"}));
        type.add(new AnnotationElement(Description.class, "A thread found a RuntimeLock held and waited (yielded, "
                + "then slept on the futex word); the duration is the wait; the stack starts at the caller of the lock"));
        type.add(new AnnotationElement(Threshold.class, "1 ms"));
        Class<? extends Annotation> filter = stackFilter();
        if (filter != null) {
            try {
                type.add(new AnnotationElement(filter, FILTERED));
            } catch (RuntimeException refused) {
                // A JDK whose filter takes other values: the stack then starts inside threadrt.
            }
        }
        List<ValueDescriptor> fields = List.of(
                new ValueDescriptor(long.class, "address", List.of(new AnnotationElement(Label.class, "Lock Word"),
                        new AnnotationElement(MemoryAddress.class))),
                new ValueDescriptor(boolean.class, "acquired", List.of(new AnnotationElement(Label.class, "Acquired"))),
                new ValueDescriptor(boolean.class, "runtimeLock", List.of(
                        new AnnotationElement(Label.class, "Runtime Lock"),
                        new AnnotationElement(Description.class, "The lock was made by a runtime (newLock, lockOver) "
                                + "and takes part in its deadlock check; false for a runtime's own scheduler lock and "
                                + "for RuntimeLock.over"))));
        return EventFactory.create(type, fields);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Annotation> stackFilter() {
        try {
            Class<?> c = Class.forName("jdk.jfr.events.StackFilter", false, Event.class.getClassLoader());
            return c.isAnnotation() ? (Class<? extends Annotation>) c : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
