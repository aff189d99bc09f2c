package dev.leanforge.loop.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and node stores for mutual TLS, made with the JDK's {@code keytool} binary exactly as docs/cluster.md
 * tells users to (PKCS#12, EC keys): the CA's key pair with {@code -ext bc:c}, its certificate exported and imported
 * into a trust store, and each node's key pair, certificate request, certificate signed by the CA and installed as
 * the reply (the CA certificate only helps the install and is removed afterwards).
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-store-pass";

    private final Path dir;
    private final String name;

    private TestCertificates(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** Makes CA {@code name} in {@code dir}: {@code name-ca.p12} (its key), {@code name-ca.pem}, {@link #trustStore}. */
    public static TestCertificates ca(Path dir, String name) {
        TestCertificates ca = new TestCertificates(dir, name);
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name + "-ca", "-ext", "bc:c", "-validity", "3650", "-keystore", ca.caKeys(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.caKeys(), "-storepass", PASSWORD, "-file",
                ca.caPem());
        ca.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", ca.caPem(), "-keystore",
                ca.trustStore().toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        return ca;
    }

    /** The trust store: this CA's certificate. */
    public Path trustStore() {
        return dir.resolve(name + "-trust.p12");
    }

    /** A key store for node {@code node} with a certificate this CA signed. */
    public Path node(String node) {
        Path store = dir.resolve(name + "-" + node + ".p12");
        String csr = dir.resolve(name + "-" + node + ".csr").toString();
        String pem = dir.resolve(name + "-" + node + ".pem").toString();
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + node,
                "-validity", "825", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "node", "-keystore", store.toString(), "-storepass", PASSWORD, "-file", csr);
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caKeys(), "-storepass", PASSWORD, "-infile", csr,
                "-outfile", pem, "-validity", "825", "-ext", "ku:c=digitalSignature", "-ext",
                "eku=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem(), "-keystore", store.toString(),
                "-storepass", PASSWORD);
        keytool("-importcert", "-alias", "node", "-file", pem, "-keystore", store.toString(), "-storepass", PASSWORD);
        keytool("-delete", "-alias", "ca", "-keystore", store.toString(), "-storepass", PASSWORD);
        return store;
    }

    private String caKeys() {
        return dir.resolve(name + "-ca.p12").toString();
    }

    private String caPem() {
        return dir.resolve(name + "-ca.pem").toString();
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-J-XX:TieredStopAtLevel=1");
        command.add("-J-XX:+UseSerialGC");
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile(dir, "keytool", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (" + p.exitValue() + "): " + command + "\n"
                        + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
