package io.logship.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logship.core.LedgerWriteException;

/**
 * One JSON line per shipped file, in a daily file {@code ledger-<yyyy-MM-dd>.jsonl} (UTC) under
 * {@code logship.ledger.dir}, forced to disk before the local file is deleted. Ledger files older
 * than {@code logship.ledger.retentionDays} are deleted when a new day's file is started.
 */
public class AuditLedger {

    /** One shipped file. */
    public record Entry(String time, String source, long size, String sha256, String nas, String verify,
            String outcome, int attempts, long durationMs) {
    }

    private static final String PREFIX = "ledger-";
    private static final String SUFFIX = ".jsonl";

    private final Path dir;
    private final int retentionDays;
    private final ObjectMapper json = new ObjectMapper();
    private LocalDate day;
    private volatile LedgerWriteException failure;

    public AuditLedger(Path dir, int retentionDays) {
        this.dir = dir;
        this.retentionDays = retentionDays;
    }

    /** Appends the entry and forces it to disk; a failure is kept for {@link #failure()} until the next success. */
    public synchronized void append(Entry entry) throws LedgerWriteException {
        try {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            if (!today.equals(day)) {
                Files.createDirectories(dir);
                day = today;
                prune(today);
            }
            byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(dir.resolve(PREFIX + today + SUFFIX), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            failure = null;
        } catch (IOException e) {
            failure = new LedgerWriteException(dir, e);
            throw failure;
        }
    }

    /** The last append's failure, or null when it succeeded (or none was tried yet). */
    public LedgerWriteException failure() {
        return failure;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Entries whose file is named {@code name} where it came from or on the NAS (where characters Windows
     * and SMB refuse are look-alikes, logship.nas.nameEncoding), oldest first.
     */
    public List<Entry> find(String name) throws IOException {
        List<Entry> found = new ArrayList<>();
        for (Path file : files()) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Entry e = json.readValue(line, Entry.class);
                if (Path.of(e.source()).getFileName().toString().equals(name)
                        || e.nas().substring(e.nas().lastIndexOf('/') + 1).equals(name)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().endsWith(SUFFIX))
                    .sorted().toList();
        }
    }

    private void prune(LocalDate today) throws IOException {
        LocalDate oldestKept = today.minusDays(retentionDays);
        for (Path file : files()) {
            String date = file.getFileName().toString().substring(PREFIX.length(), file.getFileName().toString().length() - SUFFIX.length());
            try {
                if (LocalDate.parse(date).isBefore(oldestKept)) {
                    Files.delete(file);
                }
            } catch (java.time.format.DateTimeParseException e) {
                // not one of ours
            }
        }
    }

    public static String now() {
        return Instant.now().toString();
    }
}
