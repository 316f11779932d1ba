package io.logship.failure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.logship.config.OneLine;
import io.logship.core.DisposePendingException;
import io.logship.core.PeriodicService;
import io.logship.ship.HashingInputStream;
import io.logship.ship.OldestFirstWindow;
import io.logship.ship.ShipAttempt;
import io.logship.ship.SourceIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files shipped and verified on the NAS whose local delete or archive move failed (a Windows writer
 * that holds the file open with FileShare.Read, a read-only folder, an immutable file).
 *
 * <p>It is the file consumer's {@code onCompletionExceptionHandler}, so Camel hands it every failed
 * commit (in done-file mode it disposes of the file itself, see {@link #process}). Such a file is remembered with what identifies it; while it is unchanged the consumer's
 * filter does not let it ship again, and the delete (or move) is tried again every
 * {@code logship.source.disposeRetrySeconds} without re-shipping. A file that changes meanwhile holds
 * new content and ships again. The state is in memory: after a restart such a file ships once more
 * (its identical copy on the NAS makes that a no-op there) and its disposal is tried again.
 */
public class DisposeFailures extends PeriodicService implements Processor, ExceptionHandler, OldestFirstWindow.Gate {

    private static final Logger LOG = LoggerFactory.getLogger(DisposeFailures.class);
    /** The shipped-time suffix of archived names, as in the consumer's move expression (LogshipConfiguration). */
    private static final DateTimeFormatter SHIPPED_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");
    /** Exchange property: logship disposed of the file itself, before the consumer's commit (done-file mode). */
    private static final String DISPOSED = "logshipDisposed";

    /** A shipped file waiting for its disposal. */
    public record Waiting(Path file, SourceIdentity identity, String sha256, String nasPath, Path doneFile,
            Instant since, String reason) {
    }

    private final OldestFirstWindow.Gate shipping;
    private final Path archiveDir;
    private final String doneFileName;
    private final int retrySeconds;
    private final Counter failuresTotal;
    private final Map<Path, Waiting> waiting = new ConcurrentHashMap<>();

    /**
     * @param archiveDir where disposal moves a file ({@code afterShip=archive}); null to delete it
     * @param doneFileName {@code logship.source.doneFileName}; null outside done-file mode
     */
    public DisposeFailures(CamelContext context, OldestFirstWindow.Gate shipping, Path archiveDir, String doneFileName,
            int retrySeconds, MeterRegistry meters, String target) {
        super(context);
        this.shipping = shipping;
        this.archiveDir = archiveDir;
        this.doneFileName = doneFileName;
        this.retrySeconds = retrySeconds;
        failuresTotal = Counter.builder("logship.dispose.failures")
                .description("Shipped files whose local delete or archive move failed").tag("target", target)
                .register(meters);
        Gauge.builder("logship.dispose.waiting.files", waiting, Map::size)
                .description("Shipped files waiting for their local delete or archive move").tag("target", target)
                .register(meters);
    }

    public Collection<Waiting> waiting() {
        return List.copyOf(waiting.values());
    }

    public int retrySeconds() {
        return retrySeconds;
    }

    @Override
    public boolean shippingHeld() {
        return shipping.shippingHeld();
    }

    /** False for a file whose verified copy is on the NAS while it waits, unchanged, for its disposal. */
    @Override
    public boolean mayTry(Path file) {
        Waiting w = waiting.get(file.toAbsolutePath());
        return shipping.mayTry(file) && (w == null || forgetIfChanged(w));
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    /**
     * Done-file mode only, the route's last step before the consumer's commit: Camel deletes the done
     * marker before the file, so a file it then fails to delete would never be looked at again. So
     * logship disposes of the file here first; if that fails, the exchange fails, and the consumer's
     * rollback keeps both the file and its marker.
     */
    @Override
    public void process(Exchange exchange) throws Exception {
        ShipAttempt attempt = exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        if (doneFileName == null || attempt == null || attempt.publishedAs() == null) {
            return;
        }
        String marker = exchange.getContext().resolveLanguage("simple").createExpression(doneFileName)
                .evaluate(exchange, String.class);
        Waiting w = new Waiting(attempt.localFile().toAbsolutePath(), attempt.identity(), attempt.sha256(),
                attempt.publishedAs(), attempt.localFile().toAbsolutePath().resolveSibling(marker), Instant.now(), null);
        try {
            disposeFile(w);
            // the consumer's commit then deletes the marker and finds the file gone
            exchange.setProperty(DISPOSED, true);
        } catch (IOException e) {
            failed(w, reason(e));
            throw new DisposePendingException(w.file() + " waits for its disposal: " + reason(e));
        }
    }

    /** Camel's file consumer reports here what failed in its commit or rollback. */
    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        ShipAttempt attempt = exchange == null ? null : exchange.getProperty(ShipAttempt.PROPERTY, ShipAttempt.class);
        GenericFile<?> file = exchange == null ? null : exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        if (exchange != null && exchange.getProperty(DISPOSED, false, Boolean.class)) {
            LOG.debug("{} of {} disposed of already: {}", message, attempt.localFile(), exception.toString());
            return;
        }
        if (attempt == null || attempt.publishedAs() == null || file == null) {
            LOG.warn("{} of {}: {}", message, file == null ? "a local file" : file.getAbsoluteFilePath(),
                    OneLine.describe(exception));
            return;
        }
        Waiting w = new Waiting(attempt.localFile().toAbsolutePath(), attempt.identity(), attempt.sha256(),
                attempt.publishedAs(), null, Instant.now(), OneLine.describe(exception));
        try {
            if (archiveDir != null) {
                removeCopiesLeftInArchive(w);
            }
            // once more at once, which also names the operating system's reason
            dispose(w);
            failuresTotal.increment();
            LOG.info("{} {} on the second try, after the file consumer's own failed: {}", verb(true), w.file(), w.reason());
        } catch (IOException e) {
            failed(w, reason(e));
        }
    }

    /** Remembers the file, counts it and names it in one warning. */
    private void failed(Waiting w, String reason) {
        Waiting named = new Waiting(w.file(), w.identity(), w.sha256(), w.nasPath(), w.doneFile(), w.since(), reason);
        failuresTotal.increment();
        waiting.put(named.file(), named);
        LOG.warn("Shipped {} (verified on the NAS as {}) but could not {} it: {}. It is not shipped again while it is"
                + " unchanged; logship tries again every {} s (health check dispose). Let logship's user {} it: is it"
                + " open in another program, read-only or immutable?", named.file(), named.nasPath(), verb(false),
                reason, retrySeconds, archiveDir == null ? "delete" : "move");
    }

    @Override
    protected void doStart() {
        every("dispose-retry", retrySeconds, retrySeconds, this::retryAll);
    }

    /** One round of retries; a file that changed or vanished meanwhile is forgotten. */
    void retryAll() {
        for (Waiting w : waiting.values()) {
            try {
                if (forgetIfChanged(w)) {
                    continue;
                }
                dispose(w);
                waiting.remove(w.file());
                LOG.info("{} {}, shipped to {} at {}", verb(true), w.file(), w.nasPath(), w.since());
            } catch (IOException | RuntimeException e) {
                waiting.put(w.file(), new Waiting(w.file(), w.identity(), w.sha256(), w.nasPath(), w.doneFile(),
                        w.since(), reason(e)));
                LOG.debug("{} still not disposed of", w.file(), e);
            }
        }
    }

    /** True, and the file forgotten, once it is no longer the file that was shipped. */
    private boolean forgetIfChanged(Waiting w) {
        String change;
        try {
            change = w.identity().differenceTo(SourceIdentity.of(w.file()));
        } catch (NoSuchFileException e) {
            if (waiting.remove(w.file(), w)) {
                LOG.info("{} was removed by someone else; its copy {} was verified", w.file(), w.nasPath());
            }
            return true;
        } catch (IOException e) {
            return false;
        }
        if (change != null && waiting.remove(w.file(), w)) {
            LOG.info("{} {} since its copy {} was verified: it is new content and ships again", w.file(), change,
                    w.nasPath());
        }
        return change != null;
    }

    /** Deletes or archives the file, then its done marker (never the other way round). */
    private void dispose(Waiting w) throws IOException {
        disposeFile(w);
        if (w.doneFile() != null) {
            Files.deleteIfExists(w.doneFile());
        }
    }

    private void disposeFile(Waiting w) throws IOException {
        if (archiveDir == null) {
            Files.delete(w.file());
        } else {
            Path to = archiveDir.resolve(dayFolder(w)).resolve(w.file().getFileName() + "."
                    + LocalDateTime.now().format(SHIPPED_TIME));
            Files.createDirectories(to.getParent());
            // a move across volumes copies and deletes; if the delete fails, the JDK removes the copy again
            Files.move(w.file(), to);
        }
    }

    /**
     * Camel's move falls back to copy-and-delete when the rename fails; when the delete then fails too,
     * the copy stays in the archive. It is dropped, so the file is archived once, by the retry.
     */
    private void removeCopiesLeftInArchive(Waiting w) throws IOException {
        Path day = archiveDir.resolve(dayFolder(w));
        if (!Files.isDirectory(day)) {
            return;
        }
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(day, w.file().getFileName() + ".*")) {
            for (Path copy : copies) {
                if (Files.size(copy) == w.identity().size() && w.sha256().equals(sha256(copy))) {
                    Files.delete(copy);
                }
            }
        }
    }

    /** yyyy/MM/dd of the file's last-modified time, as the consumer's move expression names it. */
    private static String dayFolder(Waiting w) {
        return DateTimeFormatter.ofPattern("yyyy/MM/dd").format(w.identity().modified().toInstant()
                .atZone(ZoneId.systemDefault()));
    }

    private static String sha256(Path file) throws IOException {
        try (HashingInputStream in = new HashingInputStream(Files.newInputStream(file))) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.hex();
        }
    }

    private String verb(boolean past) {
        return archiveDir == null ? (past ? "Deleted" : "delete") : (past ? "Archived" : "archive");
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "access denied (AccessDeniedException)";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + " (" + e.getClass().getSimpleName() + ")";
        }
        return OneLine.describe(e);
    }
}
