package io.logship.nas;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's own Kerberos login of one principal: JAAS's Krb5LoginModule, configured here in code (the
 * operator writes no JAAS file), from a keytab or with a password. It logs in again before its
 * ticket-granting ticket runs out, so a new SMB session always gets a service ticket with time left;
 * the keytab is read at each login, so a rotated keytab takes effect at the next one.
 */
final class KerberosCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(KerberosCredentials.class);
    private static final String LOGIN_MODULE = "com.sun.security.auth.module.Krb5LoginModule";
    private static final String KRB5_CONF = "java.security.krb5.conf";
    /**
     * Logs in again when less than this is left of the ticket-granting ticket, or less than a fifth of
     * its lifetime: a KDC refuses service tickets for a TGT about to end (Samba's: under 2 minutes left).
     */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final String principal;
    private final Path keytab;
    private final char[] password;
    private final Path config;
    private Subject subject;
    private Instant validFrom;
    private Instant validUntil;

    /**
     * @param keytab   the keytab, or null to log in with {@code password}
     * @param config   a krb5.conf for this JVM, or null for the JDK's own lookup
     */
    KerberosCredentials(String principal, Path keytab, String password, Path config) {
        this.principal = principal;
        this.keytab = keytab;
        this.password = password == null ? new char[0] : password.toCharArray();
        this.config = config;
    }

    String principal() {
        return principal;
    }

    /** The logged-in subject, logging in first when there is none or its ticket is about to end. */
    synchronized Subject subject() throws KerberosLoginException {
        if (subject == null || renewDue(Instant.now())) {
            logIn();
        }
        return subject;
    }

    /** Drops the subject, so the next {@link #subject()} logs in afresh (after the KDC said the ticket expired). */
    synchronized void forget() {
        subject = null;
    }

    private boolean renewDue(Instant now) {
        return renewDue(validFrom, validUntil, now);
    }

    /** True once less than {@link #RENEW_BEFORE}, or less than a fifth of its lifetime, is left of a ticket. */
    static boolean renewDue(Instant validFrom, Instant validUntil, Instant now) {
        Duration lifetime = Duration.between(validFrom, validUntil);
        Duration margin = lifetime.dividedBy(5).compareTo(RENEW_BEFORE) > 0 ? lifetime.dividedBy(5) : RENEW_BEFORE;
        return !now.isBefore(validUntil.minus(margin));
    }

    private void logIn() throws KerberosLoginException {
        if (config != null) {
            // the JDK reads one krb5.conf per process; every target that uses Kerberos names the same one
            System.setProperty(KRB5_CONF, config.toString());
        }
        boolean again = subject != null;
        try {
            LoginContext login = new LoginContext("logship", new Subject(), callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback name) {
                        name.setName(principal);
                    } else if (c instanceof PasswordCallback pw) {
                        pw.setPassword(password);
                    }
                }
            }, configuration());
            login.login();
            Subject fresh = login.getSubject();
            KerberosTicket tgt = fresh.getPrivateCredentials(KerberosTicket.class).stream()
                    .filter(t -> t.getServer().getName().startsWith("krbtgt/")).findFirst()
                    .orElseThrow(() -> new LoginException("the login gave no ticket-granting ticket"));
            subject = fresh;
            validFrom = tgt.getStartTime() == null ? tgt.getAuthTime().toInstant() : tgt.getStartTime().toInstant();
            validUntil = tgt.getEndTime().toInstant();
            LOG.info("Kerberos: {} {} (ticket valid until {})", again ? "logged in again as" : "logged in as", principal,
                    validUntil);
        } catch (LoginException e) {
            KerberosFailure failure = KerberosFailure.of(e);
            throw new KerberosLoginException(failure, explain(failure, null), e);
        }
    }

    /** The failure's advice for this login: its principal, keytab and krb5.conf. */
    String explain(KerberosFailure failure, String host) {
        return failure.advice(principal, keytab, config, host);
    }

    private Configuration configuration() {
        Map<String, String> options = new HashMap<>();
        options.put("principal", principal);
        options.put("isInitiator", "true");
        // the session key: SMB signs and seals with it
        options.put("storeKey", "true");
        // never the ticket cache of whoever runs the JVM, never a prompt
        options.put("useTicketCache", "false");
        // read the krb5.conf at each login: a changed file, or logship.nas.kerberos.config, applies
        options.put("refreshKrb5Config", "true");
        if (keytab != null) {
            options.put("useKeyTab", "true");
            options.put("keyTab", keytab.toString());
            options.put("doNotPrompt", "true");
        }
        AppConfigurationEntry entry = new AppConfigurationEntry(LOGIN_MODULE,
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options);
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {entry};
            }
        };
    }
}
