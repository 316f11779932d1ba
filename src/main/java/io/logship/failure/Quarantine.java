package io.logship.failure;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The dead-letter folder {@code logship.deadletter.dir}: files that failed {@code maxAttempts}
 * times, each beside its {@code <name>.error.json} record. Nothing here is ever deleted by logship;
 * {@code logship replay} puts files back into the source folder.
 */
public class Quarantine {

    public static final String RECORD_SUFFIX = ".error.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Quarantine(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Moves {@code file} (if it still exists) into the folder and writes its record; returns the
     * record's path. A name already taken there gets a time suffix: nothing is overwritten.
     */
    public Path quarantine(Path file, QuarantineRecordBuilder record) throws IOException {
        Files.createDirectories(dir);
        String name = file.getFileName().toString();
        if (Files.exists(dir.resolve(name)) || Files.exists(dir.resolve(name + RECORD_SUFFIX))) {
            name = name + "." + STAMP.format(Instant.now());
        }
        Path target = dir.resolve(name);
        if (Files.exists(file)) {
            move(file, target);
        }
        Path recordPath = dir.resolve(name + RECORD_SUFFIX);
        Path temp = dir.resolve("." + name + RECORD_SUFFIX + ".tmp");
        json.writeValue(temp.toFile(), record.build(name));
        Files.move(temp, recordPath, StandardCopyOption.ATOMIC_MOVE);
        return recordPath;
    }

    /** Every record in the folder, oldest name first. */
    public List<Path> records() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(RECORD_SUFFIX)).sorted().toList();
        }
    }

    /** Quarantined files (not records), e.g. to count them. */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(RECORD_SUFFIX) && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    public QuarantineRecord read(Path record) throws IOException {
        return json.readValue(record.toFile(), QuarantineRecord.class);
    }

    /**
     * Puts one quarantined file back into {@code sourceDir} under its original name and removes its
     * record. Returns a line for the operator; throws when the file cannot go back.
     */
    public String replay(Path record, Path sourceDir) throws IOException {
        QuarantineRecord r = read(record);
        Path quarantined = dir.resolve(r.file());
        String originalName = Path.of(r.originalPath()).getFileName().toString();
        if (!Files.exists(quarantined)) {
            Files.delete(record);
            return "removed the record of " + r.originalPath() + " (" + r.failureClass() + "; there was no file to put back)";
        }
        Path target = sourceDir.resolve(originalName);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target + " already exists in the source folder: ship or move it first, then replay "
                    + r.file());
        }
        move(quarantined, target);
        Files.delete(record);
        return "put " + r.file() + " back as " + target;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // another file system: copy (keeping the time stamp), then remove the original
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            Files.delete(from);
        }
    }

    /** Fills the parts of a record that are known only when the file's new name is chosen. */
    @FunctionalInterface
    public interface QuarantineRecordBuilder {
        QuarantineRecord build(String quarantinedName);
    }
}
