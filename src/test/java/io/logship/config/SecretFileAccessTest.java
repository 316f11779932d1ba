package io.logship.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A password file must be readable by logship's account alone: by mode on Linux, by ACL on Windows,
 * where accounts are known by SID (their names are in the language of Windows); and it must hold
 * UTF-8, whatever Windows PowerShell wrote.
 */
class SecretFileAccessTest {

    @TempDir
    Path dir;

    /** What the JDK's Windows principals are: a name from LookupAccountSid, equal when their SIDs are. */
    static final class Account implements GroupPrincipal {
        final String name;
        final String sid;

        Account(String name, String sid) {
            this.name = name;
            this.sid = sid;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Account a && a.sid.equals(sid);
        }

        @Override
        public int hashCode() {
            return sid.hashCode();
        }
    }

    // a German Windows Server, and a domain administrator
    static final Account SYSTEM = new Account("NT-AUTORITÄT\\SYSTEM", "S-1-5-18");
    static final Account ADMINISTRATORS = new Account("VORDEFINIERT\\Administratoren", "S-1-5-32-544");
    static final Account USERS = new Account("VORDEFINIERT\\Benutzer", "S-1-5-32-545");
    static final Account SERVICE = new Account("NT SERVICE\\logship", SecretFileAccess.serviceSid("logship"));
    static final Account OTHER_SERVICE = new Account("NT SERVICE\\backup", SecretFileAccess.serviceSid("backup"));
    static final Account ADMIN = new Account("CORP\\admin", "S-1-5-21-1004336348-1177238915-682003330-1104");

    /** The JDK's lookup on Windows: LookupAccountName, which takes an account's name or its SID string. */
    static UserPrincipalLookupService windows(Account... accounts) {
        return new UserPrincipalLookupService() {
            @Override
            public UserPrincipal lookupPrincipalByName(String name) throws UserPrincipalNotFoundException {
                for (Account a : accounts) {
                    if (a.sid.equalsIgnoreCase(name) || a.name.equalsIgnoreCase(name)) {
                        return a;
                    }
                }
                throw new UserPrincipalNotFoundException(name);
            }

            @Override
            public GroupPrincipal lookupPrincipalByGroupName(String group) throws UserPrincipalNotFoundException {
                return (GroupPrincipal) lookupPrincipalByName(group);
            }
        };
    }

    static final UserPrincipalLookupService GERMAN_SERVER = windows(SYSTEM, ADMINISTRATORS, USERS, SERVICE, OTHER_SERVICE, ADMIN);

    private static AclEntry allow(UserPrincipal who, AclEntryPermission... perms) {
        return AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(who).setPermissions(perms).build();
    }

    /** What install-logship.ps1 leaves: inheritance removed, SYSTEM and Administrators full, the service read. */
    private static final List<AclEntry> INSTALLED = List.of(
            allow(SYSTEM, AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA),
            allow(ADMINISTRATORS, AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA),
            allow(SERVICE, AclEntryPermission.READ_DATA));

    private static List<String> readers(List<AclEntry> acl, String serviceAccount, String self) {
        return SecretFileAccess.Readers.of(GERMAN_SERVER, serviceAccount, self).besides(acl, ADMINISTRATORS);
    }

    @Test
    void onAGermanServerTheServiceReadsItsFileGrantedToSystemAndAdministrators() {
        // LookupAccountSid names them NT-AUTORITÄT\SYSTEM and VORDEFINIERT\Administratoren there
        assertEquals(List.of(), readers(INSTALLED, "NT SERVICE\\logship", "logship"));
    }

    @Test
    void anAdministratorsOwnCommandsAcceptTheServiceAccount() {
        // validate --login, replay, audit run by CORP\admin read the file the service reads
        assertEquals(List.of(), readers(INSTALLED, "NT SERVICE\\logship", "admin"));
        // and refuse it when the service account is not the one configured
        assertEquals(List.of("NT SERVICE\\logship"), readers(INSTALLED, "NT SERVICE\\backup", "admin"));
    }

    @Test
    void anInheritedUsersEntryIsNamedInTheLanguageOfWindows() {
        List<AclEntry> inherited = new java.util.ArrayList<>(INSTALLED);
        inherited.add(allow(USERS, AclEntryPermission.READ_DATA));
        inherited.add(allow(OTHER_SERVICE, AclEntryPermission.READ_DATA));
        // may change the ACL but not read: not a reader
        inherited.add(allow(ADMIN, AclEntryPermission.WRITE_ACL));
        assertEquals(List.of("VORDEFINIERT\\Benutzer", "NT SERVICE\\backup"), readers(inherited, "NT SERVICE\\logship", "admin"));
        String problem = SecretFileAccess.Readers.of(GERMAN_SERVER, "NT SERVICE\\logship", "admin")
                .problem(Path.of("C:/logship/config/nas-password.txt"), inherited, ADMINISTRATORS);
        assertTrue(problem.startsWith("may be read by VORDEFINIERT\\Benutzer, NT SERVICE\\backup: let only the service account"
                + " read it"), problem);
        assertTrue(problem.contains("/grant:r *S-1-5-18:F *S-1-5-32-544:F *" + SERVICE.sid + ":R, then"), problem);
    }

    @Test
    void theVirtualAccountIsKnownBySidBeforeWindowsCanNameIt() {
        // granted by SID (icacls *S-1-5-80-...) before the service existed: the JDK names the entry by its SID
        Account unnamed = new Account(SecretFileAccess.serviceSid("logship"), SecretFileAccess.serviceSid("logship"));
        SecretFileAccess.Readers nothingResolves = SecretFileAccess.Readers.of(windows(), "NT SERVICE\\logship", "admin");
        assertEquals(List.of(), nothingResolves.besides(List.of(allow(unnamed, AclEntryPermission.READ_DATA)), ADMIN));
        // a lookup that resolves nothing is named in the problem, so a Windows that cannot turn a SID into its account shows
        String problem = nothingResolves.problem(Path.of("pw"), List.of(allow(SYSTEM, AclEntryPermission.READ_DATA)), ADMIN);
        assertTrue(problem.startsWith("may be read by NT-AUTORITÄT\\SYSTEM (this system did not resolve S-1-5-18, S-1-5-32-544,"
                + " NT SERVICE\\logship)"), problem);
    }

    @Test
    void aServiceSidIsTheOneWindowsDerivesFromTheServiceName() {
        // NT SERVICE\TrustedInstaller, which owns C:\Windows\System32
        assertEquals("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464", SecretFileAccess.serviceSid("TrustedInstaller"));
        assertEquals(SecretFileAccess.serviceSid("LOGSHIP"), SecretFileAccess.serviceSid("logship"));
    }

    @Test
    void onLinuxTheModeDecides() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "s3cret");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertNull(SecretFileAccess.tooOpen(secret, "NT SERVICE\\logship"));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(SecretFileAccess.tooOpen(secret, "").startsWith("may be read by group or others (rw-r-----)"));
    }

    @Test
    void theSecretIsItsUtf8TextWithoutAByteOrderMarkOrTheLastNewline() throws Exception {
        // Windows PowerShell 5.1: Set-Content -Encoding UTF8 and Out-File -Encoding utf8 write a BOM, and CRLF
        Path bom = Files.write(dir.resolve("bom"), bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "Pässwort\r\n"));
        assertEquals("Pässwort", SecretFileAccess.read(bom));
        assertEquals("s3cret", SecretFileAccess.read(Files.writeString(dir.resolve("plain"), "s3cret\n")));
        assertEquals("s3cret ", SecretFileAccess.read(Files.writeString(dir.resolve("blank"), "s3cret ")));
    }

    @Test
    void utf16NulBytesAndTheAnsiCodePageAreRefusedWithTheCommandThatWritesItRight() throws Exception {
        // Out-File and > in Windows PowerShell 5.1: UTF-16LE with a BOM
        Path utf16 = Files.write(dir.resolve("utf16"), bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, "s3cret\r\n", StandardCharsets.UTF_16LE));
        assertTrue(refusal(utf16).startsWith("is UTF-16 (as Windows PowerShell's Out-File and > write it): write it as UTF-8"
                + " without a byte-order mark, in PowerShell: [IO.File]::WriteAllText('" + utf16.toAbsolutePath()
                + "', [Net.NetworkCredential]::new('', (Read-Host -AsSecureString)).Password)"),
                refusal(utf16));
        Path noBom = Files.write(dir.resolve("utf16-nobom"), "s3cret".getBytes(StandardCharsets.UTF_16LE));
        assertTrue(refusal(noBom).startsWith("holds NUL bytes"), refusal(noBom));
        // Set-Content without -Encoding: Windows-1252
        Path ansi = Files.write(dir.resolve("ansi"), "Pässwort".getBytes(java.nio.charset.Charset.forName("windows-1252")));
        assertTrue(refusal(ansi).startsWith("is not UTF-8"), refusal(ansi));
    }

    @Test
    void aRefusedFileIsOneProblemLineNamingTheKey() throws Exception {
        Path utf16 = Files.write(dir.resolve("pw"), bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, "s3cret", StandardCharsets.UTF_16LE));
        Files.setPosixFilePermissions(utf16, PosixFilePermissions.fromString("rw-------"));
        SettingsReader r = new SettingsReader(k -> k.equals("logship.nas.passwordFile") ? utf16.toString() : null);
        assertEquals("", r.password("logship.nas.password", "logship.nas.passwordFile"));
        assertEquals(1, r.problems.size(), r.problems.toString());
        assertTrue(r.problems.get(0).startsWith("logship.nas.passwordFile=" + utf16 + " is UTF-16"), r.problems.toString());
    }

    private static String refusal(Path file) {
        return assertThrows(SecretFileAccess.UnusableSecret.class, () -> SecretFileAccess.read(file)).getMessage();
    }

    private static byte[] bytes(byte[] prefix, String text) {
        return bytes(prefix, text, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(byte[] prefix, String text, java.nio.charset.Charset charset) {
        byte[] body = text.getBytes(charset);
        byte[] all = java.util.Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }
}
