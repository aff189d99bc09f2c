package dev.leanforge.loop.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Objects;

/**
 * Mutual TLS on the event bus: this node's PKCS#12 key store (its private key and certificate chain) and the PKCS#12
 * trust store of the CA certificate(s) whose nodes may talk to it, both opened with one password. With it, both ends
 * of every event-bus connection present a certificate and accept only one signed by a trusted CA (see
 * {@link ClusterVertx#eventBusOptions}); Hazelcast's membership traffic is not covered (docs/cluster.md).
 *
 * @param keyStore   this node's private key and certificate chain (PKCS#12)
 * @param trustStore the trusted CA certificate(s) (PKCS#12)
 * @param password   the password of both stores (and of the private key in the key store)
 */
public record ClusterTls(Path keyStore, Path trustStore, String password) {

    public ClusterTls {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(password, "password");
    }

    /** Loads both stores; an {@link IllegalArgumentException} names the file and what is wrong with it. */
    public void check() {
        checkKeyStore(keyStore, password);
        checkTrustStore(trustStore, password);
    }

    /**
     * Loads {@code file} as a key store: it must open with {@code password}, and hold a private key (opening with the
     * same password) with a certificate that is valid now.
     *
     * @throws IllegalArgumentException naming the file and what to do
     */
    public static void checkKeyStore(Path file, String password) {
        KeyStore store = load(file, password);
        try {
            boolean found = false;
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                try {
                    store.getKey(alias, password.toCharArray());
                } catch (UnrecoverableKeyException e) {
                    throw new IllegalArgumentException(file + ": the private key \"" + alias + "\" does not open with "
                            + "the store's password; give it the store's password (one password opens both stores "
                            + "and the key)", e);
                }
                Certificate[] chain = store.getCertificateChain(alias);
                if (chain == null || chain.length == 0) {
                    throw new IllegalArgumentException(file + ": the private key \"" + alias + "\" has no "
                            + "certificate; import the certificate your CA signed for it (docs/cluster.md)");
                }
                if (chain[0] instanceof X509Certificate cert) {
                    try {
                        cert.checkValidity();
                    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                        throw new IllegalArgumentException(file + ": the certificate of \"" + alias + "\" is not "
                                + "valid now (" + cert.getNotBefore() + " to " + cert.getNotAfter() + "); have your "
                                + "CA sign a new one", e);
                    }
                }
                found = true;
            }
            if (!found) {
                throw new IllegalArgumentException(file + ": holds no private key; the key store is this node's "
                        + "private key and the certificate your CA signed for it (docs/cluster.md)");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": cannot read the key store: " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code file} as a trust store: it must open with {@code password} and hold at least one trusted
     * certificate.
     *
     * @throws IllegalArgumentException naming the file and what to do
     */
    public static void checkTrustStore(Path file, String password) {
        KeyStore store = load(file, password);
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    return;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": cannot read the trust store: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + ": holds no trusted certificate; the trust store is your CA's "
                + "certificate, imported with `keytool -importcert` (docs/cluster.md)");
    }

    private static KeyStore load(Path file, String password) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new IllegalArgumentException(file + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException(file + ": the password does not open it", e);
            }
            throw new IllegalArgumentException(file + ": not a PKCS#12 store (" + e.getMessage() + "); make it with "
                    + "keytool -storetype PKCS12 (docs/cluster.md)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": cannot load it as PKCS#12: " + e.getMessage(), e);
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ClusterTls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", password=***]";
    }
}
