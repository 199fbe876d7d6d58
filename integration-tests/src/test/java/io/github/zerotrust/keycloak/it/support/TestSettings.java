package io.github.zerotrust.keycloak.it.support;

import java.nio.file.Path;

/** Paths the build passes to the tests (see integration-tests/pom.xml). */
public final class TestSettings {

    private TestSettings() {
    }

    public static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run the tests through Maven (./run-tests.sh)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    public static Path distribution() {
        return path("zt.keycloak.dist");
    }

    public static Path work() {
        return path("zt.keycloak.work");
    }

    public static Path bundle() {
        return path("zt.bundle");
    }

    public static Path geoDatabase() {
        return path("zt.geo.db");
    }

    public static Path demoRealm() {
        return path("zt.demo.realm");
    }

    public static Path chromium() {
        return path("zt.chromium");
    }

    public static Path chromedriver() {
        return path("zt.chromedriver");
    }

    public static Path screenshots() {
        return path("zt.screenshots");
    }

    /** The PostgreSQL database the cluster tests share; {@code run-tests.sh} starts it and sets the variable. */
    public static String postgresUrl() {
        String url = System.getenv("ZT_IT_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("ZT_IT_POSTGRES_URL is not set: run ./run-tests.sh (it starts PostgreSQL), "
                    + "or export ZT_IT_POSTGRES_URL=$(bash integration-tests/postgres.sh)");
        }
        return url;
    }

    /** The repository's {@code docker/} folder (deployment files the tests check and run). */
    public static Path dockerDir() {
        Path dir = Path.of(System.getProperty("zt.docker.dir", "../docker")).toAbsolutePath().normalize();
        if (!java.nio.file.Files.isRegularFile(dir.resolve("compose.yaml"))) {
            throw new IllegalStateException("No docker/compose.yaml at " + dir + " (run the tests from the repository)");
        }
        return dir;
    }

    /** Debian's nginx, for the proxy in front of the cluster; {@code run-tests.sh} installs it and sets the variable. */
    public static Path nginx() {
        String bin = System.getenv("ZT_IT_NGINX");
        if (bin == null || bin.isBlank()) {
            throw new IllegalStateException("ZT_IT_NGINX is not set: run ./run-tests.sh (it installs nginx), "
                    + "or export ZT_IT_NGINX=$(bash integration-tests/nginx.sh)");
        }
        return Path.of(bin);
    }
}
