package io.logship.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who besides logship's own account may read a file that holds a secret (logship.nas.passwordFile):
 * by its POSIX mode on Linux, by its ACL on Windows (NTFS has no mode; a new file inherits its
 * folder's ACL, which usually lets every user of the machine read it). And what such a file holds:
 * UTF-8 text, as Windows PowerShell 5.1 writes it only when asked.
 */
public final class SecretFileAccess {

    /**
     * The key naming the Windows account the service runs as ({@code NT SERVICE\logship}): besides the
     * file's owner, the account running the command and the accounts Windows trusts anyway, only it
     * may read the secret. An administrator's {@code validate}, {@code replay} or {@code audit} reads
     * the same file as the service.
     */
    public static final String SERVICE_ACCOUNT = "logship.service.account";

    /** LocalSystem and the local Administrators group: they can read any file whatever its ACL says. */
    static final List<String> TRUSTED_SIDS = List.of("S-1-5-18", "S-1-5-32-544");

    private static final String VIRTUAL_ACCOUNTS = "nt service\\";

    private SecretFileAccess() {
    }

    /** A password file whose content logship cannot use as it is; the message says why and how to write it. */
    public static final class UnusableSecret extends IOException {
        UnusableSecret(String message) {
            super(message);
        }
    }

    /**
     * The secret a file holds: its UTF-8 text without a byte-order mark and without the one trailing
     * newline editors and echo leave. A file in UTF-16 (Windows PowerShell 5.1's {@code Out-File} and
     * {@code >}), with NUL bytes or in the ANSI code page ({@code Set-Content}) is refused with the
     * command that writes it right: read as it is, it would be a wrong password.
     */
    public static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String rewrite = ": write it as UTF-8 without a byte-order mark, in PowerShell: [IO.File]::WriteAllText('"
                + file.toAbsolutePath() + "', [Net.NetworkCredential]::new('', (Read-Host -AsSecureString)).Password)";
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE) || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            throw new UnusableSecret("is UTF-16 (as Windows PowerShell's Out-File and > write it)" + rewrite);
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new UnusableSecret("holds NUL bytes (UTF-16 without a byte-order mark?)" + rewrite);
            }
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            throw new UnusableSecret("is not UTF-8 (Windows PowerShell's Set-Content writes the ANSI code page)" + rewrite);
        }
        return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }

    /**
     * What is wrong with the file's access, in words for the problem line; null when only its owner
     * (on Windows: and the accounts {@link Readers} names) may read it.
     *
     * @param serviceAccount the Windows account the service runs as ({@value #SERVICE_ACCOUNT}); empty for none
     */
    public static String tooOpen(Path file, String serviceAccount) throws IOException {
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
        Readers readers = Readers.of(file.getFileSystem().getUserPrincipalLookupService(), serviceAccount,
                System.getProperty("user.name"));
        return readers.problem(file, acl.getAcl(), acl.getOwner());
    }

    /**
     * Who may read a secret on Windows besides its owner: LocalSystem and Administrators, the service
     * account and the account running this command. Windows names its built-in accounts in its own
     * language ({@code NT-AUTORITÄT\SYSTEM}, {@code VORDEFINIERT\Administratoren}), so they are known by
     * their SIDs: the lookup service turns each SID string into the principal of this system, which on
     * Windows equals an ACL entry's principal when their SIDs are equal. A SID or account the lookup
     * cannot resolve is still recognised by its text (an entry Windows cannot name shows its SID).
     */
    static final class Readers {

        private final Set<UserPrincipal> principals = new HashSet<>();
        private final Set<String> names = new HashSet<>();
        private final String self;
        private final String serviceAccount;
        /** How icacls names the service account: by SID for a virtual account, whose domain name may be localized. */
        private String grantee;
        private final List<String> unresolved = new ArrayList<>();

        private Readers(String self, String serviceAccount) {
            this.self = self == null ? "" : self.toLowerCase(Locale.ROOT);
            this.serviceAccount = serviceAccount;
        }

        /**
         * @param serviceAccount the service's account: a name ({@code NT SERVICE\logship}, {@code CORP\svc-logship$})
         *        or a SID; empty for none
         * @param self the account running this command ({@code user.name})
         */
        static Readers of(UserPrincipalLookupService lookup, String serviceAccount, String self) {
            Readers r = new Readers(self, serviceAccount == null ? "" : serviceAccount.strip());
            for (String sid : TRUSTED_SIDS) {
                r.names.add(sid.toLowerCase(Locale.ROOT));
                if (!r.add(lookup, sid)) {
                    r.unresolved.add(sid);
                }
            }
            if (!r.serviceAccount.isEmpty()) {
                String lower = r.serviceAccount.toLowerCase(Locale.ROOT);
                // a virtual account's SID follows from its name, whatever the language of Windows
                String sid = lower.startsWith(VIRTUAL_ACCOUNTS) ? serviceSid(r.serviceAccount.substring(VIRTUAL_ACCOUNTS.length())) : null;
                r.names.add(lower);
                r.grantee = "\"" + r.serviceAccount + ":R\"";
                if (sid != null) {
                    r.names.add(sid.toLowerCase(Locale.ROOT));
                    r.grantee = "*" + sid + ":R";
                }
                if (!(sid != null && r.add(lookup, sid)) && !r.add(lookup, r.serviceAccount)) {
                    r.unresolved.add(r.serviceAccount);
                }
            }
            return r;
        }

        /** Adds the principal {@code nameOrSid} resolves to on this system; false when it resolves to none. */
        private boolean add(UserPrincipalLookupService lookup, String nameOrSid) {
            try {
                principals.add(lookup.lookupPrincipalByName(nameOrSid));
                return true;
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }

        boolean mayRead(UserPrincipal principal) {
            String name = principal.getName().toLowerCase(Locale.ROOT);
            return principals.contains(principal) || names.contains(name)
                    || (!self.isEmpty() && (name.equals(self) || name.endsWith("\\" + self)));
        }

        /** The principals the ACL allows to read the file other than its owner and those this class names. */
        List<String> besides(List<AclEntry> entries, UserPrincipal owner) {
            List<String> others = new ArrayList<>();
            for (AclEntry e : entries) {
                if (e.type() != AclEntryType.ALLOW || !e.permissions().contains(AclEntryPermission.READ_DATA)) {
                    continue;
                }
                UserPrincipal p = e.principal();
                if (!p.equals(owner) && !mayRead(p) && !others.contains(p.getName())) {
                    others.add(p.getName());
                }
            }
            return others;
        }

        /** The problem line's words for an ACL that lets others read the file; null when it does not. */
        String problem(Path file, List<AclEntry> entries, UserPrincipal owner) {
            List<String> others = besides(entries, owner);
            if (others.isEmpty()) {
                return null;
            }
            return "may be read by " + String.join(", ", others)
                    + (unresolved.isEmpty() ? "" : " (this system did not resolve " + String.join(", ", unresolved) + ")")
                    + ": let only the service account read it (config\\windows\\install-logship.ps1 sets that ACL), or: icacls \""
                    + file.toAbsolutePath() + "\" /inheritance:r /grant:r *S-1-5-18:F *S-1-5-32-544:F "
                    + (grantee == null ? "\"ACCOUNT:R\"" : grantee) + ", then /remove each other account";
        }
    }

    /**
     * The SID of the virtual account {@code NT SERVICE\service}: S-1-5-80 followed by the SHA-1 of the
     * service's name in upper case (UTF-16LE), read as five little-endian 32-bit numbers, as
     * {@code sc.exe showsid} prints it.
     */
    static String serviceSid(String service) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1")
                    .digest(service.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_16LE));
            ByteBuffer words = ByteBuffer.wrap(hash).order(ByteOrder.LITTLE_ENDIAN);
            StringBuilder sid = new StringBuilder("S-1-5-80");
            for (int i = 0; i < 5; i++) {
                sid.append('-').append(Integer.toUnsignedLong(words.getInt()));
            }
            return sid.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
