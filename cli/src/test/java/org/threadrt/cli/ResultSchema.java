package org.threadrt.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.threadrt.stress.RunEnvironment;
import org.threadrt.stress.StressResult;

/** The JSON Schema of what stress and bench write, as shipped in the jar, and validation against it. */
final class ResultSchema {
    private ResultSchema() {}

    /** The schema's text: the resource next to StressResult, as the jar has it. */
    static String text() {
        try (InputStream in = StressResult.class.getResourceAsStream(RunEnvironment.SCHEMA_RESOURCE)) {
            assertTrue(in != null, RunEnvironment.SCHEMA_RESOURCE + " is in the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(text(), InputFormat.JSON);

    /** The schema's complaints about a JSON text (empty: valid). */
    static List<Error> errors(String json) {
        return SCHEMA.validate(json, InputFormat.JSON, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
    }

    /** Fails, listing every complaint, unless the JSON text is valid. */
    static void assertValid(String json) {
        List<Error> errors = errors(json);
        assertTrue(errors.isEmpty(), () -> errors.size() + " schema error(s): " + errors + "\nin: "
                + (json.length() > 4000 ? json.substring(0, 4000) + "..." : json));
    }
}
