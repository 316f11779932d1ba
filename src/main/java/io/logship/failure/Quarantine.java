package io.logship.failure;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.logship.nas.Sha256;

/**
 * The dead-letter folder {@code logship.deadletter.dir}: files whose Camel retries
 * ({@code logship.retry.maximumRedeliveries}) are exhausted, each beside its {@code <name>.error.json} record. Nothing here is ever deleted by logship;
 * {@code logship replay} puts files back into the source folder.
 */
public class Quarantine {

    public static final String RECORD_SUFFIX = ".error.json";
    private static final boolean WINDOWS = File.separatorChar == '\\';
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
     * record's path. A name already taken there gets a time suffix: nothing is overwritten. The copy
     * and the record are on disk before the source is removed; when the removal fails the copy and
     * its record stay, an IOException says so, and quarantining the same file again only retries
     * the removal.
     */
    public Path quarantine(Path file, QuarantineRecordBuilder record) throws IOException {
        Files.createDirectories(dir);
        Path earlier = earlierCopy(file);
        if (earlier != null) {
            removeSource(file, earlier);
            return earlier;
        }
        String original = file.getFileName().toString();
        boolean present = Files.exists(file);
        String name = null;
        for (int i = 0; name == null; i++) {
            String candidate = i == 0 ? original : original + "." + STAMP.format(Instant.now()) + (i == 1 ? "" : "-" + i);
            if (i > 100) {
                throw new FileAlreadyExistsException(dir.resolve(candidate).toString(), null, "no free name in the quarantine");
            }
            if (Files.exists(dir.resolve(candidate + RECORD_SUFFIX)) || !present && Files.exists(dir.resolve(candidate))) {
                continue;
            }
            try {
                if (present) {
                    place(file, dir.resolve(candidate));
                }
                name = candidate;
            } catch (FileAlreadyExistsException e) {
                // taken (perhaps just now): try the next name
            }
        }
        Path recordPath = dir.resolve(name + RECORD_SUFFIX);
        Path temp = dir.resolve("." + name + RECORD_SUFFIX + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(json.writeValueAsBytes(record.build(name))));
            out.force(true);
        }
        Files.move(temp, recordPath, StandardCopyOption.ATOMIC_MOVE);
        syncFolder(dir);
        if (present) {
            removeSource(file, recordPath);
        }
        return recordPath;
    }

    /** The record of a copy of {@code file} already here (same original path, size and SHA-256), or null. */
    private Path earlierCopy(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        for (Path record : records()) {
            QuarantineRecord r;
            try {
                r = read(record);
            } catch (IOException e) {
                // an operator's half-edited record is not a copy of this file
                continue;
            }
            Path copy = dir.resolve(r.file());
            if (file.toString().equals(r.originalPath()) && Files.isRegularFile(copy) && sameContent(file, copy)) {
                return record;
            }
        }
        return null;
    }

    private static void removeSource(Path file, Path record) throws IOException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IOException("quarantined a copy of " + file + " (record " + record + ") but cannot remove " + file
                    + ": " + (e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage()) + "; give logship's user write access to " + file.getParent()
                    + " (or clear the file's immutable flag); the next attempt only removes it", e);
        }
        syncFolder(file.getParent());
    }

    private static boolean sameContent(Path a, Path b) throws IOException {
        return Files.isSameFile(a, b) || Files.size(a) == Files.size(b) && sha256(a).equals(sha256(b));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
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
     * record. Returns a line for the operator; throws when the file cannot go back. A file of that
     * name in the source folder, even one created while this runs, is never replaced.
     */
    public String replay(Path record, Path sourceDir) throws IOException {
        QuarantineRecord r = read(record);
        Path quarantined = dir.resolve(r.file());
        String originalName = Path.of(r.originalPath()).getFileName().toString();
        if (!Files.exists(quarantined)) {
            Files.delete(record);
            syncFolder(dir);
            return "removed the record of " + r.originalPath() + " (" + r.failureClass() + "; there was no file to put back)";
        }
        Path target = sourceDir.resolve(originalName);
        try {
            place(quarantined, target);
        } catch (FileAlreadyExistsException e) {
            // the same content there means an earlier replay put it back and stopped before the clean-up
            if (!Files.isRegularFile(target) || !sameContent(quarantined, target)) {
                throw new FileAlreadyExistsException(target + " already exists in the source folder: ship or move it first,"
                        + " then replay " + r.file());
            }
        }
        Files.deleteIfExists(quarantined);
        Files.delete(record);
        syncFolder(dir);
        return "put " + r.file() + " back as " + target;
    }

    /**
     * Makes {@code to} a complete, durable copy of {@code from}, and never replaces a file {@code to}
     * that exists (FileAlreadyExistsException). In one file system it is a hard link ({@code from}
     * stays), or a rename for a file logship may not link; otherwise the data goes to a hidden
     * temporary name beside {@code to}, is forced to disk and then linked to its name, so {@code to}
     * never shows a partial file.
     */
    static void place(Path from, Path to) throws IOException {
        // across volumes a link fails and a move would copy without forcing
        if (Files.getFileStore(from).equals(Files.getFileStore(to.getParent()))) {
            try {
                noReplace(from, to);
                syncFolder(to.getParent());
                return;
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException e) {
                // a file that cannot be linked (immutable, or not ours: protected_hardlinks)
            }
            try {
                // the JDK refuses a name that exists, then renames: one check a moment before
                Files.move(from, to);
                syncFolder(to.getParent());
                syncFolder(from.getParent());
                return;
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException e) {
                // an immutable file: copy it
            }
        }
        Path temp = to.resolveSibling("." + to.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Files.copy(from, temp, StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel data = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                data.force(true);
            }
            noReplace(temp, to);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncFolder(to.getParent());
    }

    // a hard link fails when the name exists: atomic, never replaces; Windows' MoveFileEx without
    // MOVEFILE_REPLACE_EXISTING is the same (and then moves rather than links)
    private static void noReplace(Path from, Path to) throws IOException {
        if (WINDOWS) {
            Files.move(from, to);
            return;
        }
        try {
            Files.createLink(to, from);
        } catch (UnsupportedOperationException e) {
            // a file system without hard links: the JDK's move checks the name first
            Files.move(from, to);
        }
    }

    // a new or removed name is durable only once its folder is forced (POSIX); Windows cannot open a folder
    private static void syncFolder(Path folder) {
        if (WINDOWS || folder == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(folder, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems refuse to force a folder; the rename itself is done
        }
    }

    /** Fills the parts of a record that are known only when the file's new name is chosen. */
    @FunctionalInterface
    public interface QuarantineRecordBuilder {
        QuarantineRecord build(String quarantinedName);
    }
}
