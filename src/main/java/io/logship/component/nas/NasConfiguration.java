package io.logship.component.nas;

import java.util.Locale;

import io.logship.config.LogshipSettings.NameEncoding;
import io.logship.config.LogshipSettings.NasAuth;
import io.logship.config.LogshipSettings.VerifyMode;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * The options of a {@code nas:host:port/share} endpoint. Options that mean what camel-smb's mean carry
 * camel-smb's names ({@code username}, {@code password}, {@code domain}, {@code path}, {@code fileName},
 * {@code bufferSize}); the others are logship's ({@code logship.nas.*} in config/application.properties).
 */
@UriParams
public class NasConfiguration implements Cloneable {

    /** What happens when the final name holds other content. */
    public enum OnCollision { DISTINCTNAME, FAIL }

    @UriPath(description = "The SMB server's host name or address")
    @Metadata(required = true)
    private String host;
    @UriPath(defaultValue = "445", description = "The SMB server's port")
    private int port = 445;
    @UriPath(description = "The share name, without folders (put those in path)")
    @Metadata(required = true)
    private String shareName;

    @UriParam(description = "The folder inside the share that fileName is relative to; temporary copies go to"
            + " its .logship-tmp folder")
    private String path = "";
    @UriParam(description = "The name of the file on the NAS, relative to path, as a Camel simple expression."
            + " Default: {{logship.nas.layout}}/${file:onlyname}")
    private String fileName;
    @UriParam(defaultValue = "", description = "The time zone ${date:...} functions of fileName are formatted in"
            + " (e.g. Europe/Zurich, UTC); empty: the system's zone")
    private String timeZone = "";
    @UriParam(defaultValue = "sha256", enums = "sha256,size", description = "How the uploaded copy is checked before"
            + " it gets its final name: sha256 reads it back and compares the SHA-256, size compares the size")
    private String verify = "sha256";
    @UriParam(defaultValue = "true", description = "Write a sha256sum-format <name>.sha256 sidecar next to the file")
    private boolean checksumFile = true;
    @UriParam(defaultValue = "distinctName", enums = "distinctName,fail", description = "When the name holds other"
            + " content: distinctName ships as <name>~<first 12 hex of the SHA-256>, fail fails the attempt."
            + " Identical content always counts as already shipped")
    private String onCollision = "distinctName";
    @UriParam(defaultValue = "map", enums = "map,off", description = "map: characters Windows and SMB refuse in a"
            + " name (\" * : < > ? |, control characters, a trailing dot or space, CON, NUL, COM1 ...) become Unicode"
            + " look-alikes on the NAS (io.logship.nas.NasNames); off: names as they are")
    private String nameEncoding = "map";
    @UriParam(label = "producer,advanced", defaultValue = "4", description = "Write requests in flight per upload")
    private int writesInFlight = 4;
    @UriParam(label = "producer,advanced", defaultValue = "1048576", description = "Bytes per SMB read and write"
            + " request, a write's headers included (capped at what the server negotiates)")
    private int bufferSize = 1024 * 1024;
    @UriParam(label = "producer,advanced", defaultValue = "1", description = "SMB connections to the share, one per"
            + " file shipped at once (logship.nas.parallelFiles)")
    private int connections = 1;
    @UriParam(label = "advanced", defaultValue = "30", description = "Seconds an SMB request may take")
    private int timeoutSeconds = 30;

    @UriParam(label = "security", defaultValue = "true", description = "SMB 3 encryption; the connection fails"
            + " rather than go on unencrypted. Signing is always required")
    private boolean encrypt = true;
    @UriParam(label = "security", defaultValue = "jdk", enums = "jdk,bouncycastle", description = "Whose AES signs"
            + " and seals SMB 3 messages: the JDK's (AES-NI) or smbj's default BouncyCastle")
    private String cryptoProvider = "jdk";
    @UriParam(label = "security", secret = true, description = "The user name")
    private String username = "";
    @UriParam(label = "security", secret = true, description = "The password; or give passwordFile")
    private String password = "";
    @UriParam(label = "security", description = "A file holding the password, readable by its owner only")
    private String passwordFile = "";
    @UriParam(label = "security", description = "The domain (workgroup) of the user")
    private String domain = "";
    @UriParam(label = "security", defaultValue = "ntlm", enums = "ntlm,kerberos", description = "How to log in: ntlm,"
            + " the password login (username, password, domain); kerberos, as kerberosPrincipal from kerberosKeytab"
            + " or with the password (host must then be the server's name)")
    private String auth = "ntlm";
    @UriParam(label = "security", description = "The Kerberos principal, e.g. svc-logship@CORP.EXAMPLE (auth=kerberos)")
    private String kerberosPrincipal = "";
    @UriParam(label = "security", description = "A keytab holding the principal's key, readable by its owner only;"
            + " empty: log in with the password")
    private String kerberosKeytab = "";
    @UriParam(label = "security", description = "The krb5.conf to read (one per JVM); empty: the JDK's own lookup")
    private String kerberosConfig = "";
    @UriParam(defaultValue = "false", description = "Follow DFS referrals: the share and path may be a DFS"
            + " namespace path")
    private boolean dfs;

    public NasConfiguration copy() {
        try {
            return (NasConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #getVerify()} as the enum; the message names the option. */
    public VerifyMode verifyMode() {
        return choice("verify", verify, VerifyMode.class);
    }

    public boolean distinctOnCollision() {
        return choice("onCollision", onCollision, OnCollision.class) == OnCollision.DISTINCTNAME;
    }

    /** True when names are mapped to what the NAS accepts ({@code nameEncoding=map}). */
    public boolean mapNames() {
        return choice("nameEncoding", nameEncoding, NameEncoding.class) == NameEncoding.MAP;
    }

    public boolean jdkCrypto() {
        return choice("cryptoProvider", cryptoProvider, CryptoChoice.class) == CryptoChoice.JDK;
    }

    private enum CryptoChoice { JDK, BOUNCYCASTLE }

    /** {@link #getAuth()} as the settings' enum; the message names the option. */
    public NasAuth authMode() {
        return choice("auth", auth, NasAuth.class);
    }

    private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("nas: endpoint option " + option + "=" + value + " is not one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                            .map(n -> n.equals("distinctname") ? "distinctName" : n).toList());
        }
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getShareName() {
        return shareName;
    }

    public void setShareName(String shareName) {
        this.shareName = shareName;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path == null ? "" : path;
    }

    public String getFileName() {
        return fileName;
    }

    public void setFileName(String fileName) {
        this.fileName = fileName;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone == null ? "" : timeZone;
    }

    public String getVerify() {
        return verify;
    }

    public void setVerify(String verify) {
        this.verify = verify;
    }

    public boolean isChecksumFile() {
        return checksumFile;
    }

    public void setChecksumFile(boolean checksumFile) {
        this.checksumFile = checksumFile;
    }

    public String getOnCollision() {
        return onCollision;
    }

    public void setOnCollision(String onCollision) {
        this.onCollision = onCollision;
    }

    public String getNameEncoding() {
        return nameEncoding;
    }

    public void setNameEncoding(String nameEncoding) {
        this.nameEncoding = nameEncoding;
    }

    public int getWritesInFlight() {
        return writesInFlight;
    }

    public void setWritesInFlight(int writesInFlight) {
        this.writesInFlight = writesInFlight;
    }

    public int getBufferSize() {
        return bufferSize;
    }

    public void setBufferSize(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    public int getConnections() {
        return connections;
    }

    public void setConnections(int connections) {
        this.connections = connections;
    }

    public int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public boolean isEncrypt() {
        return encrypt;
    }

    public void setEncrypt(boolean encrypt) {
        this.encrypt = encrypt;
    }

    public String getCryptoProvider() {
        return cryptoProvider;
    }

    public void setCryptoProvider(String cryptoProvider) {
        this.cryptoProvider = cryptoProvider;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username == null ? "" : username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    public String getPasswordFile() {
        return passwordFile;
    }

    public void setPasswordFile(String passwordFile) {
        this.passwordFile = passwordFile == null ? "" : passwordFile;
    }

    public String getDomain() {
        return domain;
    }

    public void setDomain(String domain) {
        this.domain = domain == null ? "" : domain;
    }

    public String getAuth() {
        return auth;
    }

    public void setAuth(String auth) {
        this.auth = auth;
    }

    public String getKerberosPrincipal() {
        return kerberosPrincipal;
    }

    public void setKerberosPrincipal(String kerberosPrincipal) {
        this.kerberosPrincipal = kerberosPrincipal == null ? "" : kerberosPrincipal;
    }

    public String getKerberosKeytab() {
        return kerberosKeytab;
    }

    public void setKerberosKeytab(String kerberosKeytab) {
        this.kerberosKeytab = kerberosKeytab == null ? "" : kerberosKeytab;
    }

    public String getKerberosConfig() {
        return kerberosConfig;
    }

    public void setKerberosConfig(String kerberosConfig) {
        this.kerberosConfig = kerberosConfig == null ? "" : kerberosConfig;
    }

    public boolean isDfs() {
        return dfs;
    }

    public void setDfs(boolean dfs) {
        this.dfs = dfs;
    }
}
