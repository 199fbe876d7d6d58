package io.github.zerotrust.keycloak.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one Keycloak node is started. The defaults give what the suite's tests need: production mode
 * on H2, random ports, Keycloak's proxy settings trusting loopback only (so a test says which client
 * address a request comes from, as a reverse proxy would), and our GeoIP database.
 *
 * @param home           where this node's Keycloak lives (a copy of the distribution)
 * @param database       H2 (default) or PostgreSQL
 * @param httpPort       0 = pick a free port
 * @param hostname       the public URL all nodes of a cluster share, or empty for "whatever was asked"
 * @param nodeName       shown in logs; cluster members need distinct names
 * @param clusterPort    JGroups bind port on 127.0.0.1 (0 = pick a free port)
 * @param runtimeOptions extra {@code --key=value} options for {@code start}
 * @param environment    extra environment variables
 * @param buildOptions   extra {@code --key=value} options for {@code kc.sh build} (a file vault, say); a change rebuilds
 */
public record ServerOptions(Path home, Database database, int httpPort, Optional<String> hostname, String nodeName,
                            int clusterPort, Map<String, String> runtimeOptions, Map<String, String> environment,
                            Map<String, String> buildOptions) {

    /** Where the data lives. PostgreSQL is for cluster and persistence tests; H2 needs nothing installed. */
    public sealed interface Database permits Database.H2, Database.Postgres {
        String vendor();

        record H2() implements Database {
            @Override
            public String vendor() {
                return "dev-file";
            }
        }

        record Postgres(String url, String user, String password) implements Database {
            @Override
            public String vendor() {
                return "postgres";
            }
        }
    }

    public static ServerOptions h2(Path home) {
        return new ServerOptions(home, new Database.H2(), 0, Optional.empty(), "node-1", 0, Map.of(), Map.of(), Map.of());
    }

    public ServerOptions withDatabase(Database db) {
        return new ServerOptions(home, db, httpPort, hostname, nodeName, clusterPort, runtimeOptions, environment, buildOptions);
    }

    public ServerOptions withHttpPort(int port) {
        return new ServerOptions(home, database, port, hostname, nodeName, clusterPort, runtimeOptions, environment, buildOptions);
    }

    public ServerOptions withHostname(String url) {
        return new ServerOptions(home, database, httpPort, Optional.of(url), nodeName, clusterPort, runtimeOptions, environment, buildOptions);
    }

    public ServerOptions asNode(String name, int jgroupsPort) {
        return new ServerOptions(home, database, httpPort, hostname, name, jgroupsPort, runtimeOptions, environment, buildOptions);
    }

    public ServerOptions withOption(String key, String value) {
        Map<String, String> options = new LinkedHashMap<>(runtimeOptions);
        options.put(key, value);
        return new ServerOptions(home, database, httpPort, hostname, nodeName, clusterPort, Map.copyOf(options), environment, buildOptions);
    }

    public ServerOptions withBuildOption(String key, String value) {
        Map<String, String> options = new LinkedHashMap<>(buildOptions);
        options.put(key, value);
        return new ServerOptions(home, database, httpPort, hostname, nodeName, clusterPort, runtimeOptions, environment,
                Map.copyOf(options));
    }

    /**
     * Without Keycloak's file vault: for a peer whose background work cannot use one (Keycloak 26.7.3's SSF transmitter
     * reads its streams' push credentials through the vault from a task without a realm, which the file vault refuses).
     */
    public ServerOptions withoutVault() {
        return withBuildOption("vault", "");
    }

    boolean hasVault() {
        return !buildOptions.getOrDefault("vault", "file").isEmpty();
    }

    /** Options fixed at {@code kc.sh build} time: a change means a rebuild; an empty value drops a default. */
    public List<String> buildArguments() {
        List<String> args = new ArrayList<>();
        args.add("--db=" + database.vendor());
        args.add("--health-enabled=true");
        args.add("--metrics-enabled=true");
        Map<String, String> options = new java.util.TreeMap<>();
        // Keycloak's file vault, so that tests store secrets the way an operator must (never in realm attributes).
        options.put("vault", "file");
        options.putAll(buildOptions);
        options.values().removeIf(String::isEmpty);
        options.forEach((k, v) -> args.add("--" + k + "=" + v));
        return args;
    }
}
