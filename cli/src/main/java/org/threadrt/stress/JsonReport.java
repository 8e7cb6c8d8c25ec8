package org.threadrt.stress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The machine-readable result of a run ({@code --json}): {@link StressResult}, field for field. */
public final class JsonReport {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private JsonReport() {}

    /** The result as JSON text. */
    public static String toJson(StressResult r) {
        return GSON.toJson(r);
    }

    /** Writes the result to a file (parent folders made). */
    public static void write(StressResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(r) + "\n");
    }
}
