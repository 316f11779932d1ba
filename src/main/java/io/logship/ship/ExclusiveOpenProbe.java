package io.logship.ship;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.logship.core.SharingViolation;
import com.sun.nio.file.ExtendedOpenOption;
import org.slf4j.LoggerFactory;

/**
 * Windows: a file is in use while another handle has write access to it. An open for reading that
 * refuses to share writing ({@code NOSHARE_WRITE}) then fails with a sharing violation; it succeeds,
 * and is closed at once, when no writer holds the file. Each file is probed at most once per look.
 */
final class ExclusiveOpenProbe implements InUseCheck {

    /** Opens {@code file} for reading, refusing to share writing, and closes it again. */
    interface ExclusiveOpen {
        void openAndClose(Path file) throws IOException;
    }

    private final SharingViolation violations;
    private final ExclusiveOpen open;

    ExclusiveOpenProbe() {
        this(SharingViolation.thisSystem(), file -> {
            try (FileChannel probe = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.NOSHARE_WRITE)) {
                // opened: no other handle may write
            }
        });
        if (!violations.learned()) {
            LoggerFactory.getLogger(InUseCheck.class).warn("logship.source.inUseCheck: this system's message for a"
                    + " sharing violation could not be learned (a file in {} could not be opened twice): a source file"
                    + " that cannot be opened for any reason but access denied counts as in use", System.getProperty("java.io.tmpdir"));
        }
    }

    ExclusiveOpenProbe(SharingViolation violations, ExclusiveOpen open) {
        this.violations = violations;
        this.open = open;
    }

    @Override
    public Predicate<Path> look(Path dir) {
        Map<Path, Boolean> answers = new HashMap<>();
        return file -> answers.computeIfAbsent(file, this::heldForWriting);
    }

    boolean heldForWriting(Path file) {
        try {
            open.openAndClose(file);
            return false;
        } catch (FileSystemException e) {
            return violations.refusedExclusiveOpen(e);
        } catch (IOException | UnsupportedOperationException e) {
            // unreadable or gone: the attempt says which, and handles it
            return false;
        }
    }
}
