package io.logship.ship;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.logship.core.SourceReadException;
import com.sun.nio.file.ExtendedOpenOption;

/**
 * Windows: a file is in use while another handle has write access to it. An open for reading that
 * refuses to share writing ({@code NOSHARE_WRITE}) then fails with a sharing violation; it succeeds,
 * and is closed at once, when no writer holds the file. Each file is probed at most once per look.
 */
final class ExclusiveOpenProbe implements InUseCheck {

    @Override
    public Predicate<Path> look(Path dir) {
        Map<Path, Boolean> answers = new HashMap<>();
        return file -> answers.computeIfAbsent(file, ExclusiveOpenProbe::heldForWriting);
    }

    static boolean heldForWriting(Path file) {
        try (FileChannel probe = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.NOSHARE_WRITE)) {
            return false;
        } catch (FileSystemException e) {
            return SourceReadException.sharingViolation(e);
        } catch (IOException | UnsupportedOperationException e) {
            // unreadable or gone: the attempt says which, and handles it
            return false;
        }
    }
}
