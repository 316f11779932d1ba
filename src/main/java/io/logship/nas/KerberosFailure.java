package io.logship.nas;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.security.auth.login.LoginException;

import io.logship.core.Causes;
import org.ietf.jgss.GSSException;

/**
 * Why a Kerberos login failed, read from the JDK's exceptions (the RFC 4120 error code at the end of
 * their messages, or the network failure beneath them), and what an operator does about it.
 */
public enum KerberosFailure {
    CLOCK_SKEW,
    UNKNOWN_PRINCIPAL,
    /** The keytab's key, or the password, is not the account's current one. */
    WRONG_KEY,
    NO_KEY_IN_KEYTAB,
    ENCRYPTION_TYPE,
    ACCOUNT_DISABLED,
    PASSWORD_EXPIRED,
    KDC_UNREACHABLE,
    /** No cifs/&lt;host&gt; principal: the host is an address, an alias, or a server outside the domain. */
    NO_SERVICE_PRINCIPAL,
    /** The ticket-granting ticket expired: logging in again mends it. */
    TICKET_EXPIRED,
    NO_REALM,
    OTHER;

    /** The error code that ends a JDK Kerberos message, e.g. "Clock skew too great (37)" or "...(7)))". */
    private static final Pattern CODE = Pattern.compile("\\((\\d{1,3})\\)\\)*$");
    /** Codes above this are the JDK's own (906: a reply that is an error, not a ticket), not the KDC's. */
    private static final int LAST_PROTOCOL_CODE = 100;

    /** The failure a chain of exceptions shows, or null when it holds no Kerberos exception. */
    public static KerberosFailure of(Throwable failure) {
        boolean kerberos = false;
        for (Throwable t : Causes.of(failure)) {
            if (t instanceof KerberosLoginException k) {
                return k.failure();
            }
            kerberos |= isKerberos(t);
            if (!kerberos) {
                continue;
            }
            Integer code = code(t);
            if (code != null) {
                return ofCode(code);
            }
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.startsWith("Unable to obtain password from user")) {
                return NO_KEY_IN_KEYTAB;
            }
            if (m.contains("Cannot locate default realm")) {
                return NO_REALM;
            }
            if (m.contains("Cannot locate KDC") || m.contains("Receive timed out") || t instanceof ConnectException
                    || t instanceof SocketTimeoutException || t instanceof UnknownHostException
                    || t instanceof PortUnreachableException || t instanceof NoRouteToHostException) {
                return KDC_UNREACHABLE;
            }
        }
        return kerberos ? OTHER : null;
    }

    private static boolean isKerberos(Throwable t) {
        return t instanceof LoginException || t instanceof GSSException
                || t.getClass().getName().startsWith("sun.security.krb5.");
    }

    private static Integer code(Throwable t) {
        Matcher m = CODE.matcher(t.getMessage() == null ? "" : t.getMessage().strip());
        if (!m.find()) {
            return null;
        }
        int code = Integer.parseInt(m.group(1));
        return code <= LAST_PROTOCOL_CODE ? code : null;
    }

    private static KerberosFailure ofCode(int code) {
        return switch (code) {
            case 6 -> UNKNOWN_PRINCIPAL;
            case 7 -> NO_SERVICE_PRINCIPAL;
            case 14 -> ENCRYPTION_TYPE;
            case 18 -> ACCOUNT_DISABLED;
            case 23 -> PASSWORD_EXPIRED;
            // preauthentication failed, integrity check failed, message stream modified: not the account's key
            case 24, 31, 41 -> WRONG_KEY;
            case 32 -> TICKET_EXPIRED;
            case 37 -> CLOCK_SKEW;
            default -> OTHER;
        };
    }

    /**
     * The JDK's own words at the heart of the failure, e.g. "Clock skew too great (37)": the innermost
     * part of the first message that carries a KDC error code, else the deepest message (a network
     * failure's "Connection refused").
     */
    public static String detail(Throwable failure) {
        String deepest = null;
        for (Throwable t : Causes.of(failure)) {
            if (code(t) != null) {
                return innermostMessage(t.getMessage());
            }
            if (t.getMessage() != null && !(t instanceof KerberosLoginException)) {
                deepest = t.getMessage();
            }
        }
        return deepest == null ? failure.getClass().getSimpleName() : deepest;
    }

    /** "No valid credentials provided (Mechanism level: Server not found ... (7)))" to its innermost part. */
    private static String innermostMessage(String message) {
        String m = message.strip();
        int level = m.lastIndexOf("(Mechanism level: ");
        if (level < 0) {
            return m;
        }
        m = m.substring(level + "(Mechanism level: ".length());
        // the closing parentheses of the levels around it
        while (m.endsWith(")") && m.chars().filter(c -> c == ')').count() > m.chars().filter(c -> c == '(').count()) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }

    /**
     * What the operator does, naming the key to change.
     *
     * @param principal logship.nas.kerberos.principal; null when not known (a DFS referral's own login)
     * @param keytab    logship.nas.kerberos.keytab; null for a password login
     * @param config    logship.nas.kerberos.config; null for the JDK's default lookup
     * @param host      the server logship logged in to; null when not known (a DFS referral's own login)
     */
    public String advice(String principal, Path keytab, Path config, String host) {
        String who = principal == null ? "the account" : principal;
        return switch (this) {
            case CLOCK_SKEW -> "this machine's clock and the domain controller's differ by more than the KDC allows"
                    + " (5 minutes by default): synchronise this machine's time with the domain's";
            case UNKNOWN_PRINCIPAL -> "the KDC does not know logship.nas.kerberos.principal=" + who
                    + ": correct it (the service account's logon name, e.g. svc-logship@CORP.EXAMPLE)";
            case WRONG_KEY -> keytab != null
                    ? "logship.nas.kerberos.keytab=" + keytab + " does not hold the current key of " + who
                            + " (was its password changed after the keytab was made?): make a new keytab (docs/security.md)"
                    : "the KDC rejected the password of " + who + ": correct logship.nas.password or logship.nas.passwordFile";
            case NO_KEY_IN_KEYTAB -> "logship.nas.kerberos.keytab=" + keytab + " holds no key for " + who
                    + ": correct logship.nas.kerberos.principal, or make a keytab for it (docs/security.md)";
            case ENCRYPTION_TYPE -> "the KDC accepts none of the encryption types of "
                    + (keytab != null ? "logship.nas.kerberos.keytab=" + keytab : "this JDK's Kerberos")
                    + ": make a keytab with AES keys (docs/security.md)";
            case ACCOUNT_DISABLED -> "the account " + who + " is disabled or locked out: ask the domain's administrators"
                    + " to enable it";
            case PASSWORD_EXPIRED -> "the password of " + who + " has expired: set a new one (and make a new keytab);"
                    + " a service account's password should never expire";
            case KDC_UNREACHABLE -> "no KDC of the realm answers: check the KDCs named in "
                    + (config != null ? "logship.nas.kerberos.config=" + config : "the krb5.conf (logship.nas.kerberos.config)")
                    + " or found in the domain's DNS, and that port 88 of the domain controllers is open to this machine";
            case NO_SERVICE_PRINCIPAL -> host == null
                    ? "the KDC has no service principal cifs/<name> for the server a DFS link points to: have it"
                            + " registered for that server (setspn -S), or the link name the server as the domain knows it"
                    : "the KDC has no service principal cifs/" + host + ": set logship.nas.host to the file server's name"
                            + " as the domain knows it (not an address or an alias), or have cifs/" + host
                            + " registered for the server (setspn -S)";
            case TICKET_EXPIRED -> "the ticket of " + who + " expired and logging in again did not mend it: check"
                    + " this machine's clock";
            case NO_REALM -> "logship.nas.kerberos.principal=" + who + " names no realm and the krb5.conf sets no"
                    + " default_realm: write it as name@REALM";
            case OTHER -> "the Kerberos login of " + who + " failed";
        };
    }
}
