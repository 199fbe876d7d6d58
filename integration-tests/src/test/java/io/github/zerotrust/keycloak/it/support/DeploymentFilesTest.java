package io.github.zerotrust.keycloak.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.Nginx;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs on the build machines, so {@code docker/compose.yaml} and {@code docker/Dockerfile} are checked
 * here against the options the cluster tests really start their nodes with ({@link TwoNodes#node}): an option added to
 * one and not the other fails this test, unless it is listed below with why it differs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentFilesTest {

    /** Options the tests' nodes have and the compose file does not, or has with another value, and why. */
    static final Map<String, String> DIFFERS_ON_PURPOSE = Map.ofEntries(
            Map.entry("http-port", "the tests run several nodes on one host, on free ports"),
            Map.entry("http-management-port", "the tests run several nodes on one host, on free ports"),
            Map.entry("hostname-strict", "the tests reach each node at 127.0.0.1 on its own port; compose has one public URL"),
            Map.entry("hostname", "compose has one public URL (the proxy's); the tests reach each node directly too"),
            Map.entry("cache-embedded-network-bind-address", "the tests' two nodes share one host's loopback"),
            Map.entry("cache-embedded-network-bind-port", "the tests' two nodes share one host's loopback"),
            Map.entry("spi-zt-outbound--default--allowed-hosts", "the tests' own webhook, MDM and ticket receivers on loopback"),
            Map.entry("spi-zt-outbound--default--allowed-ranges", "the tests' own webhook, MDM and ticket receivers on loopback"),
            Map.entry("spi-zt-outbound--default--allow-http", "the tests' own webhook, MDM and ticket receivers on loopback"),
            Map.entry("vault-dir", "the tests keep secrets in a file vault; an operator picks his own vault"),
            Map.entry("log-level", "the cluster tests trace each elevation expiry turn"),
            Map.entry("import-realm", "compose imports the demo realm; the tests create their realms over REST"),
            Map.entry("bootstrap-admin-username", "the harness sets the first admin through its environment too"),
            Map.entry("bootstrap-admin-password", "the harness sets the first admin through its environment too"),
            Map.entry("proxy-trusted-addresses", "checked apart: the proxy's address only, in each setting"));
    /** Build options the tests' nodes have and the image does not. */
    static final Map<String, String> BUILD_DIFFERS_ON_PURPOSE = Map.of(
            "vault", "the tests keep secrets in a file vault; an operator picks his own vault");
    static final Set<String> NODES = Set.of("keycloak-a", "keycloak-b");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

    Path docker;
    JsonNode compose;
    Map<String, String> testNode;

    @BeforeAll
    void read(@TempDir Path home) throws IOException {
        docker = TestSettings.dockerDir();
        compose = new ObjectMapper(new YAMLFactory()).readTree(docker.resolve("compose.yaml").toFile());
        ServerOptions.Database db = new ServerOptions.Database.Postgres("jdbc:postgresql://127.0.0.1:5432/zt", "zt", "zt");
        KeycloakServer node = new KeycloakServer(TwoNodes.node(home, db, "cluster-a", "/geo.mmdb"), home.resolve("logs"));
        List<String> command = node.command();
        assertThat(command.subList(1, 3)).containsExactly("start", "--optimized");
        testNode = options(command.subList(3, command.size()));
    }

    @Test
    void bothComposeNodesStartWithTheOptionsTheClusterTestsStartTheirNodesWith() {
        for (String name : NODES) {
            Map<String, String> composed = composeOptions(name);
            Set<String> keys = new TreeSet<>(composed.keySet());
            keys.addAll(testNode.keySet());
            keys.removeAll(DIFFERS_ON_PURPOSE.keySet());
            for (String key : keys) {
                assertThat(composed).as("docker/compose.yaml %s lacks --%s, which the cluster tests' nodes run with", name, key)
                        .containsKey(key);
                assertThat(testNode).as("docker/compose.yaml %s sets --%s, which the cluster tests' nodes do not run with: "
                        + "add it to TwoNodes.node or say why in DIFFERS_ON_PURPOSE", name, key).containsKey(key);
                if (!key.startsWith("db-") && !key.equals("spi-zt-geo-locator--mmdb--database")) {
                    assertThat(composed.get(key)).as("--%s of %s", key, name).isEqualTo(testNode.get(key));
                }
            }
            assertThat(compose.at("/services/" + name + "/command/0").asText()).isEqualTo("start");
            assertThat(compose.at("/services/" + name + "/command/1").asText()).isEqualTo("--optimized");
        }
    }

    @Test
    void bothComposeNodesRunTheSameOptionsButTheRealmImport() {
        Map<String, String> a = composeOptions("keycloak-a");
        Map<String, String> b = composeOptions("keycloak-b");
        assertThat(a.remove("import-realm")).as("node A imports the demo realm").isEqualTo("");
        assertThat(a).isEqualTo(b);
    }

    @Test
    void keycloakTrustsForwardedAddressesFromTheProxyAlone() {
        String proxy = compose.at("/services/proxy/networks/zero-trust/ipv4_address").asText();
        assertThat(proxy).as("the proxy has a fixed address").matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        for (String name : NODES) {
            assertThat(composeOptions(name)).containsEntry("proxy-headers", "xforwarded")
                    .containsEntry("proxy-trusted-addresses", proxy + "/32");
            assertThat(compose.at("/services/" + name + "/ports").isMissingNode())
                    .as("%s is reached through the proxy only: a published port would take X-Forwarded-For from anyone", name)
                    .isTrue();
        }
        assertThat(testNode).as("the tests' nodes trust loopback, where the tests' proxy and clients run")
                .containsEntry("proxy-headers", "xforwarded").containsEntry("proxy-trusted-addresses", "127.0.0.1/32,::1/128");
    }

    @Test
    void theProxyRunsTheTemplateTheClusterTestsSendTheirSignInsThrough() throws IOException {
        JsonNode proxy = compose.at("/services/proxy");
        assertThat(proxy.path("volumes").toString()).contains("./" + Nginx.TEMPLATE + ":/etc/nginx/templates/");
        String template = Files.readString(docker.resolve(Nginx.TEMPLATE));
        Set<String> placeholders = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        Set<String> given = new TreeSet<>();
        proxy.path("environment").fieldNames().forEachRemaining(given::add);
        assertThat(given).as("compose fills in every placeholder of the template, and only those").isEqualTo(placeholders);
        assertThat(placeholders).isEqualTo(Nginx.PLACEHOLDERS);
        for (String name : NODES) {
            assertThat(proxy.path("environment").toString()).contains(name + ":8080");
        }
        // The proxy replaces the header a client sent; appending ($proxy_add_x_forwarded_for) would let a client
        // choose the address Keycloak judges.
        assertThat(template).contains("proxy_set_header X-Forwarded-For $remote_addr;")
                .doesNotContain("$proxy_add_x_forwarded_for");
    }

    @Test
    void theImageIsBuiltWithTheBuildOptionsTheClusterTestsBuildWith() throws IOException {
        String dockerfile = Files.readString(docker.resolve("Dockerfile"));
        Map<String, String> image = new TreeMap<>();
        Matcher env = Pattern.compile("\\b(KC_[A-Z_]+)=(\\S+)").matcher(dockerfile);
        while (env.find()) {
            image.put(optionName(env.group(1)), env.group(2));
        }
        Map<String, String> tests = new TreeMap<>(options(TwoNodes.node(Path.of("/unused"),
                new ServerOptions.Database.Postgres("jdbc:postgresql://x/zt", "zt", "zt"), "cluster-a", "/geo.mmdb").buildArguments()));
        tests.keySet().removeAll(BUILD_DIFFERS_ON_PURPOSE.keySet());
        assertThat(image).as("docker/Dockerfile's ENV KC_... build options").isEqualTo(tests);
        assertThat(dockerfile).contains("/opt/keycloak/providers/keycloak-zero-trust.jar").contains("kc.sh build");
        String geo = composeOptions("keycloak-a").get("spi-zt-geo-locator--mmdb--database");
        assertThat(dockerfile).as("the image puts the country database where the nodes read it").contains(geo);
    }

    /** {@code --key=value} (or {@code --flag}) arguments as a map. */
    static Map<String, String> options(List<String> args) {
        Map<String, String> options = new TreeMap<>();
        for (String arg : args) {
            assertThat(arg).as("an option").startsWith("--");
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
        }
        return options;
    }

    /** A node's options as compose gives them: its command's options and its {@code KC_...} environment. */
    Map<String, String> composeOptions(String service) {
        JsonNode node = compose.at("/services/" + service);
        assertThat(node.isMissingNode()).as("docker/compose.yaml has a service %s", service).isFalse();
        List<String> args = new java.util.ArrayList<>();
        node.path("command").forEach(a -> args.add(a.asText()));
        assertThat(args).hasSizeGreaterThan(2);
        Map<String, String> options = new LinkedHashMap<>(options(args.subList(2, args.size())));
        node.path("environment").fields().forEachRemaining(e -> {
            assertThat(e.getKey()).as("a Keycloak option in the environment").startsWith("KC_");
            options.put(optionName(e.getKey()), e.getValue().asText());
        });
        return new TreeMap<>(options);
    }

    static String optionName(String environmentVariable) {
        return environmentVariable.substring(3).toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
