package io.logship.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A password file must be readable by logship's account alone: by mode on Linux, by ACL on Windows. */
class SecretFileAccessTest {

    @TempDir
    Path dir;

    private static AclEntry allow(String who, AclEntryPermission... perms) {
        UserPrincipal p = () -> who;
        return AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(p).setPermissions(perms).build();
    }

    @Test
    void aWindowsFileWithItsInheritedUsersEntryIsTooOpen() {
        // what a file created under C:\ProgramData inherits
        List<AclEntry> inherited = List.of(allow("NT AUTHORITY\\SYSTEM", AclEntryPermission.READ_DATA),
                allow("BUILTIN\\Administrators", AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA),
                allow("BUILTIN\\Users", AclEntryPermission.READ_DATA), allow("NT SERVICE\\logship", AclEntryPermission.READ_DATA));
        assertEquals(List.of("BUILTIN\\Users"), SecretFileAccess.readersBesides(inherited, "BUILTIN\\Administrators", "logship"));
    }

    @Test
    void aWindowsFileForTheServiceAccountAloneIsFine() {
        List<AclEntry> tight = List.of(allow("NT SERVICE\\logship", AclEntryPermission.READ_DATA),
                allow("NT AUTHORITY\\SYSTEM", AclEntryPermission.READ_DATA),
                // may change the ACL but not read: not a reader
                allow("CORP\\ops", AclEntryPermission.WRITE_ACL));
        assertTrue(SecretFileAccess.readersBesides(tight, "CORP\\admin", "logship").isEmpty());
    }

    @Test
    void onLinuxTheModeDecides() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "s3cret");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertNull(SecretFileAccess.tooOpen(secret));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(SecretFileAccess.tooOpen(secret).startsWith("may be read by group or others (rw-r-----)"));
    }
}
