package io.logship.ship;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * What tells that a local path still holds the file an attempt shipped: its file key (the inode on
 * Linux; null on Windows, where size and the creation and modification times must do), its size and
 * its last-modified time at the file system's full precision.
 */
public record SourceIdentity(Object fileKey, long size, FileTime modified, FileTime created) {

    public static SourceIdentity of(BasicFileAttributes a) {
        return new SourceIdentity(a.fileKey(), a.size(), a.lastModifiedTime(), a.creationTime());
    }

    public static SourceIdentity of(Path file) throws IOException {
        return of(Files.readAttributes(file, BasicFileAttributes.class));
    }

    /** Null when {@code now} is this same file, unchanged; otherwise what differs, for a log line. */
    public String differenceTo(SourceIdentity now) {
        if (!Objects.equals(fileKey, now.fileKey) || !created.equals(now.created)) {
            return "was replaced by another file of the same name";
        }
        if (size != now.size) {
            return "has " + now.size + " bytes instead of the " + size + " shipped";
        }
        if (!modified.equals(now.modified)) {
            return "was written again at " + now.modified;
        }
        return null;
    }
}
