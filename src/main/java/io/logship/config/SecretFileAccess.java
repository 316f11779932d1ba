package io.logship.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who besides logship's own account may read a file that holds a secret (logship.nas.passwordFile):
 * by its POSIX mode on Linux, by its ACL on Windows (NTFS has no mode; a new file inherits its
 * folder's ACL, which usually lets every user of the machine read it).
 */
public final class SecretFileAccess {

    /** Accounts Windows always trusts with a service's files: they can read them whatever the ACL says. */
    private static final Set<String> TRUSTED = Set.of("nt authority\\system", "builtin\\administrators");

    private SecretFileAccess() {
    }

    /** The secret a file holds: its text without the one trailing newline editors and echo leave. */
    public static String read(Path file) throws IOException {
        String content = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }

    /** What is wrong with the file's access, in words for the problem line; null when only its owner may read it. */
    public static String tooOpen(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                return "may be read by group or others (" + PosixFilePermissions.toString(perms)
                        + "): chmod 600 it and give it to logship's user";
            }
            return null;
        }
        AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (acl == null) {
            return null;
        }
        List<String> others = readersBesides(acl.getAcl(), acl.getOwner().getName(), System.getProperty("user.name"));
        if (others.isEmpty()) {
            return null;
        }
        return "may be read by " + String.join(", ", others) + ": remove the inherited entries and grant read to the"
                + " service account alone (icacls FILE /inheritance:r /grant:r \"ACCOUNT:R\")";
    }

    /**
     * The principals an ACL allows to read the file other than {@code owner}, {@code self} (the account
     * logship runs as, with or without its domain) and the accounts Windows trusts anyway.
     */
    static List<String> readersBesides(List<AclEntry> entries, String owner, String self) {
        List<String> others = new ArrayList<>();
        for (AclEntry e : entries) {
            if (e.type() != AclEntryType.ALLOW || !e.permissions().contains(AclEntryPermission.READ_DATA)) {
                continue;
            }
            String name = e.principal().getName();
            String lower = name.toLowerCase(Locale.ROOT);
            boolean mine = lower.equals(owner.toLowerCase(Locale.ROOT)) || lower.equals(self.toLowerCase(Locale.ROOT))
                    || lower.endsWith("\\" + self.toLowerCase(Locale.ROOT));
            if (!mine && !TRUSTED.contains(lower) && !others.contains(name)) {
                others.add(name);
            }
        }
        return others;
    }
}
