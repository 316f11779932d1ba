package io.logship.ship;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux: a file is in use while any process logship may look at holds it open for writing, as its
 * {@code /proc/<pid>/fd} links and {@code /proc/<pid>/fdinfo} flags say. One scan of /proc per look,
 * made only when that look has a file to ask about. Processes of other users are visible only with
 * the rights to inspect them (root, CAP_SYS_PTRACE, or the same user).
 */
final class ProcWriterScan implements InUseCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ProcWriterScan.class);
    /** O_ACCMODE in the octal {@code flags:} of fdinfo: 1 is O_WRONLY, 2 is O_RDWR. */
    private static final int ACCESS_MODE = 3;

    private final Path proc;
    private volatile boolean hiddenReported;

    ProcWriterScan(Path proc) {
        this.proc = proc;
    }

    @Override
    public Predicate<Path> look(Path dir) {
        Path real = realPath(dir);
        return new Predicate<>() {
            private Set<String> writing;

            @Override
            public boolean test(Path file) {
                if (writing == null) {
                    writing = scan(real);
                }
                return writing.contains(file.getFileName().toString());
            }
        };
    }

    /** The names of files directly in {@code dir} that some visible process has open for writing. */
    Set<String> scan(Path dir) {
        Set<String> names = new HashSet<>();
        int hidden = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pid : pids) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
                    for (Path fd : fds) {
                        Path target;
                        try {
                            target = Files.readSymbolicLink(fd);
                        } catch (IOException | UnsupportedOperationException e) {
                            continue; // closed meanwhile
                        }
                        if (dir.equals(target.getParent()) && openForWriting(pid.resolve("fdinfo").resolve(fd.getFileName()))) {
                            names.add(target.getFileName().toString());
                        }
                    }
                } catch (java.nio.file.AccessDeniedException e) {
                    hidden++;
                } catch (IOException e) {
                    // the process ended while it was looked at
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot list {}: {}", proc, e.toString());
        }
        if (hidden > 0 && !hiddenReported) {
            hiddenReported = true;
            LOG.warn("The in-use check cannot see the open files of {} processes of other users: a log their writer"
                    + " holds open is protected by stableSeconds and emptyFileMinAgeSeconds only. Run logship as the"
                    + " writer's user or with CAP_SYS_PTRACE to let it see them (docs/operations.md)", hidden);
        }
        return names;
    }

    private static boolean openForWriting(Path fdinfo) {
        try {
            for (String line : Files.readAllLines(fdinfo)) {
                if (line.startsWith("flags:")) {
                    return (Integer.parseInt(line.substring("flags:".length()).trim(), 8) & ACCESS_MODE) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // closed meanwhile
        }
        return false;
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }
}
