package dev.leanforge.loop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS stores' checks and the event-bus options they make, without joining a cluster. */
class ClusterTlsTest {

    @TempDir
    static Path dir;

    private static TestCertificates ca;
    private static Path node;

    @BeforeAll
    static void makeCertificates() {
        ca = TestCertificates.ca(dir, "leanforge");
        node = ca.node("node");
    }

    private static ClusterOptions.Builder options() {
        return ClusterOptions.builder().members(List.of("127.0.0.1:5701"));
    }

    @Test
    void storesMadeAsDocumentedPassTheCheck() {
        new ClusterTls(node, ca.trustStore(), TestCertificates.PASSWORD).check();
    }

    @Test
    void eachMistakeNamesTheFile() throws Exception {
        Path missing = dir.resolve("missing.p12");
        assertThatThrownBy(() -> ClusterTls.checkKeyStore(missing, TestCertificates.PASSWORD))
                .hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> ClusterTls.checkKeyStore(node, "wrong-password"))
                .hasMessage(node + ": the password does not open it");
        assertThatThrownBy(() -> ClusterTls.checkTrustStore(ca.trustStore(), "wrong-password"))
                .hasMessage(ca.trustStore() + ": the password does not open it");
        assertThatThrownBy(() -> ClusterTls.checkKeyStore(ca.trustStore(), TestCertificates.PASSWORD))
                .hasMessageStartingWith(ca.trustStore() + ": holds no private key;");
        assertThatThrownBy(() -> ClusterTls.checkTrustStore(node, TestCertificates.PASSWORD))
                .hasMessageStartingWith(node + ": holds no trusted certificate;");
        Path pem = Files.writeString(dir.resolve("node.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
        assertThatThrownBy(() -> ClusterTls.checkTrustStore(pem, TestCertificates.PASSWORD))
                .hasMessageStartingWith(pem + ": not a PKCS#12 store (");
    }

    @Test
    void withoutTlsTheEventBusIsPlain() {
        EventBusOptions bus = ClusterVertx.eventBusOptions(options().build());
        assertThat(bus.isSsl()).isFalse();
        assertThat(bus.getKeyCertOptions()).isNull();
        assertThat(bus.getClientAuth()).isEqualTo(ClientAuth.NONE);
    }

    @Test
    void withTlsBothEndsOfEveryConnectionShowACertificateOfTheCa() {
        ClusterTls tls = new ClusterTls(node, ca.trustStore(), TestCertificates.PASSWORD);
        ClusterOptions options = options().tls(Optional.of(tls)).build();
        assertThat(options.tls()).contains(tls);
        EventBusOptions bus = ClusterVertx.eventBusOptions(options);
        assertThat(bus.isSsl()).isTrue();
        assertThat(bus.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
        assertThat(bus.isTrustAll()).isFalse();
        assertThat(bus.getKeyCertOptions()).isInstanceOfSatisfying(PfxOptions.class, k -> {
            assertThat(k.getPath()).isEqualTo(node.toString());
            assertThat(k.getPassword()).isEqualTo(TestCertificates.PASSWORD);
        });
        assertThat(bus.getTrustOptions()).isInstanceOfSatisfying(PfxOptions.class, t -> {
            assertThat(t.getPath()).isEqualTo(ca.trustStore().toString());
            assertThat(t.getPassword()).isEqualTo(TestCertificates.PASSWORD);
        });
        assertThat(bus.getHost()).isEqualTo(ClusterOptions.DEFAULT_BIND);
    }

    @Test
    void aWrongStoreFailsTheStartBeforeJoining() {
        ClusterOptions options = options().tls(Optional.of(new ClusterTls(node, ca.trustStore(), "wrong-password")))
                .build();
        assertThat(ClusterVertx.start(options).toCompletionStage().toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void thePasswordNeverShows() {
        ClusterTls tls = new ClusterTls(node, ca.trustStore(), TestCertificates.PASSWORD);
        assertThat(tls.toString()).doesNotContain(TestCertificates.PASSWORD);
        assertThat(options().tls(Optional.of(tls)).build().toString()).doesNotContain(TestCertificates.PASSWORD);
    }
}
