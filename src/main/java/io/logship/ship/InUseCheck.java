package io.logship.ship;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

import org.apache.camel.util.FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether another process still holds a source file open for writing, so that a log that is quiet
 * but not closed is not taken ({@code logship.source.inUseCheck}). Asked once per look of the file
 * consumer, and only for files that look would take.
 */
public interface InUseCheck {

    /** The answers for one look at {@code dir}: true for a file held open for writing. */
    Predicate<Path> look(Path dir);

    /** No check: a file is complete once stableSeconds have passed. */
    InUseCheck OFF = dir -> file -> false;

    /** The check this system allows: open files under /proc on Linux, a non-sharing open on Windows. */
    static InUseCheck forThisSystem(boolean enabled) {
        Logger log = LoggerFactory.getLogger(InUseCheck.class);
        if (!enabled) {
            log.info("logship.source.inUseCheck=false: a file is taken once unchanged for stableSeconds,"
                    + " even while a writer holds it open");
            return OFF;
        }
        if (FileUtil.isWindows()) {
            return new ExclusiveOpenProbe();
        }
        Path proc = Path.of("/proc");
        if (Files.isDirectory(proc.resolve("self/fdinfo"))) {
            return new ProcWriterScan(proc);
        }
        log.warn("logship.source.inUseCheck=true but {} has no open-file information on this system: files are"
                + " taken once unchanged for stableSeconds; set logship.source.inUseCheck=false to silence this", proc);
        return OFF;
    }
}
