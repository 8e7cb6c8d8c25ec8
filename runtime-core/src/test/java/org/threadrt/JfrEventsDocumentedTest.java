package org.threadrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The javadoc's table of JFR events (org/threadrt/package-info.java) lists exactly the events the runtime
 * declares (every {@code @Name} in org.threadrt.internal.events): an event added without its row, or a
 * row left after its event went, fails here.
 */
class JfrEventsDocumentedTest {
    private static final Path ROOT = Path.of(System.getProperty("threadrt.root", ".."));
    private static final Path MAIN = ROOT.resolve("runtime-core/src/main/java/org/threadrt");

    @Test
    void theJavadocListsEveryJfrEventAndNoOther() throws IOException {
        TreeSet<String> declared = new TreeSet<>();
        try (Stream<Path> files = Files.list(MAIN.resolve("internal/events"))) {
            for (Path f : files.filter(p -> p.toString().endsWith("Event.java")).toList()) {
                // @Name("...") on a static event class, or new AnnotationElement(Name.class, "...") on an event
                // type made at run time with EventFactory (LockContentionEvent).
                Matcher m = Pattern.compile("(?:@Name\\(|AnnotationElement\\(Name\\.class, )\"(org\\.threadrt\\.[A-Za-z]+)\"")
                        .matcher(Files.readString(f));
                if (m.find()) {
                    declared.add(m.group(1));
                }
            }
        }
        assertFalse(declared.isEmpty(), "no event classes found under " + MAIN);
        TreeSet<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("<tr><td>\\{@code (org\\.threadrt\\.[A-Za-z]+)\\}</td>")
                .matcher(Files.readString(MAIN.resolve("package-info.java")));
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(List.copyOf(declared), List.copyOf(documented),
                "org/threadrt/package-info.java's JFR table against the @Name of each event class");
    }
}
