package io.logship.ship;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceIdentityTest {

    @TempDir
    Path dir;

    @Test
    void theSameUntouchedFileHasNoDifference() throws Exception {
        Path f = Files.writeString(dir.resolve("a.log"), "one\n");
        assertNull(SourceIdentity.of(f).differenceTo(SourceIdentity.of(f)));
    }

    @Test
    void anAppendIsSeenByItsSize() throws Exception {
        Path f = Files.writeString(dir.resolve("a.log"), "one\n");
        SourceIdentity shipped = SourceIdentity.of(f);
        Files.writeString(f, "two\n", StandardOpenOption.APPEND);
        assertEquals("has 8 bytes instead of the 4 shipped", shipped.differenceTo(SourceIdentity.of(f)));
    }

    @Test
    void aRewriteOfTheSameLengthIsSeenByItsModificationTime() throws Exception {
        Path f = Files.writeString(dir.resolve("a.log"), "one\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        SourceIdentity shipped = SourceIdentity.of(f);
        Files.writeString(f, "two\n", StandardOpenOption.TRUNCATE_EXISTING);
        assertTrue(shipped.differenceTo(SourceIdentity.of(f)).startsWith("was written again at "));
    }

    @Test
    void anotherFileRenamedOntoTheNameIsSeenByItsFileKey() throws Exception {
        Path f = Files.writeString(dir.resolve("a.log"), "one\n");
        FileTime modified = Files.getLastModifiedTime(f);
        SourceIdentity shipped = SourceIdentity.of(f);
        Path other = Files.writeString(dir.resolve("b.log"), "two\n");
        Files.setLastModifiedTime(other, modified);
        Files.move(other, f, StandardCopyOption.REPLACE_EXISTING);
        assertEquals("was replaced by another file of the same name", shipped.differenceTo(SourceIdentity.of(f)));
    }
}
