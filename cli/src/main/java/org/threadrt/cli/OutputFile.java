package org.threadrt.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * A file a command writes when it is done ({@code --json}, {@code --report}, ...), checked before the command
 * starts so that a run of minutes does not end in an I/O error: {@link #check} refuses a path whose folder is
 * missing (no folder is ever made), is not a folder, or takes no new file, and a path that is a folder or a
 * file this user cannot write. The message names the option and the problem, in one line.
 *
 * <p>{@link #write} replaces a regular file atomically (a temporary file in the same folder, then a rename),
 * so a reader never sees half a report and an old file survives a failed write; a device or pipe that
 * already exists ({@code /dev/stdout}, a FIFO) is written in place.
 */
public final class OutputFile {
    private final String option;
    private final Path path;

    private OutputFile(String option, Path path) {
        this.option = option;
        this.path = path;
    }

    /** A bad output path: the message is one line that names the option, the path and the rule. */
    public static final class BadPathException extends Exception {
        private static final long serialVersionUID = 1L;

        BadPathException(String message) {
            super(message);
        }
    }

    /**
     * Checks that {@code path} can be written as the output of {@code option}, without creating or changing
     * anything that stays: to see that the folder takes a new file, a temporary file is created there and
     * deleted at once.
     */
    public static OutputFile check(String option, Path path) throws BadPathException {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(path, "path");
        String where = option + " " + path;
        Path abs;
        try {
            abs = path.toAbsolutePath().normalize();
        } catch (InvalidPathException | java.io.IOError e) {
            throw new BadPathException(where + ": not a usable path (" + e.getMessage() + ")");
        }
        if (abs.getFileName() == null) {
            throw new BadPathException(where + ": names a folder, not a file");
        }
        if (Files.isDirectory(abs)) {
            throw new BadPathException(where + ": is a folder; give a file name in it");
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            if (!Files.isWritable(abs)) {
                throw new BadPathException(where + ": exists and is not writable");
            }
            return new OutputFile(option, abs); // a device or a pipe: written in place
        }
        Path folder = abs.getParent();
        if (!Files.exists(folder)) {
            throw new BadPathException(where + ": the folder " + folder + " does not exist (create it first; "
                    + "threadrt makes no folders)");
        }
        if (!Files.isDirectory(folder)) {
            throw new BadPathException(where + ": " + folder + " is not a folder");
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new BadPathException(where + ": exists and is not writable");
        }
        try {
            Files.delete(Files.createTempFile(folder, ".threadrt-check-", ".tmp"));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            throw new BadPathException(where + ": cannot create a file in " + folder + " (" + reason(e) + ")");
        }
        return new OutputFile(option, abs);
    }

    /** Checks that two outputs are not the same file (one would overwrite the other). */
    public static void checkDistinct(OutputFile a, OutputFile b) throws BadPathException {
        if (a != null && b != null && a.path.equals(b.path)) {
            throw new BadPathException(a.option + " and " + b.option + " name the same file, " + a.path
                    + "; give each its own");
        }
    }

    /** The option this file is the output of, e.g. {@code --json}. */
    public String option() {
        return option;
    }

    /** The absolute path. */
    public Path path() {
        return path;
    }

    /** Writes {@code text} (UTF-8): atomically for a regular file, in place for a device or pipe. */
    public void write(String text) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            Files.writeString(path, text, StandardCharsets.UTF_8);
            return;
        }
        Path tmp = Files.createTempFile(path.getParent(), "." + path.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The reason of an I/O failure in a few words (the OS's message, not the exception's class). */
    static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
