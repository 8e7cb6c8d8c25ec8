package org.threadrt.stress;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The machine-readable result of a run ({@code --json}): {@link StressResult}, field for field; absent
 * (null) fields are left out, as the schema ({@value RunEnvironment#SCHEMA_RESOURCE}) allows.
 */
public final class JsonReport {
    /** No NaN or infinity: they are not JSON (every rate is computed over a positive time). */
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private JsonReport() {}

    /** The result as JSON text. */
    public static String toJson(StressResult r) {
        return GSON.toJson(r);
    }
}
