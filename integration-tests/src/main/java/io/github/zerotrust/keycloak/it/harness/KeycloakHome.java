package io.github.zerotrust.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Keycloak installation of our own: a copy of the unpacked distribution with our providers in
 * {@code providers/}. {@code kc.sh build} (Quarkus augmentation, ~25 s) runs only when the providers
 * or the build-time options changed, so later starts cost ~12–18 s.
 */
public final class KeycloakHome {

    private static final String FINGERPRINT = ".zt-build-fingerprint";

    private KeycloakHome() {
    }

    /** Copies the distribution into {@code home} unless it is already there, and deploys the providers. */
    public static Path prepare(Path distribution, Path home, List<Path> providers) {
        try {
            if (!Files.isExecutable(distribution.resolve("bin/kc.sh"))) {
                throw new IllegalStateException("No Keycloak distribution at " + distribution
                        + " (the build unpacks it: run Maven's generate-resources phase)");
            }
            if (!Files.exists(home.resolve("bin/kc.sh"))) {
                copyTree(distribution, home);
            }
            for (Path provider : providers) {
                if (!Files.isRegularFile(provider)) {
                    throw new IllegalStateException("Provider JAR missing: " + provider + " (build the bundle first)");
                }
                Path target = home.resolve("providers").resolve(provider.getFileName());
                // Copy only on change: a new file timestamp alone would trigger Keycloak's re-augmentation.
                if (!Files.exists(target) || !digest(List.of(provider)).equals(digest(List.of(target)))) {
                    Files.copy(provider, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Keycloak in " + home, e);
        }
    }

    /** A copy of an already built home (without its data), so a second node starts without rebuilding. */
    public static Path copyOf(Path builtHome, Path target) {
        try {
            if (Files.exists(target)) {
                deleteTree(target);
            }
            copyTree(builtHome, target);
            Path data = target.resolve("data");
            if (Files.exists(data)) {
                deleteTree(data);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + builtHome + " to " + target, e);
        }
    }

    static synchronized void build(Path home, List<String> buildArguments) {
        try {
            List<Path> providers;
            try (Stream<Path> s = Files.list(home.resolve("providers"))) {
                providers = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            }
            String fingerprint = digest(providers) + " " + String.join(" ", buildArguments);
            Path marker = home.resolve(FINGERPRINT);
            if (Files.exists(marker) && Files.readString(marker).equals(fingerprint)) {
                return;
            }
            List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
            cmd.addAll(buildArguments);
            Path log = home.resolve("build.log");
            Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("kc.sh build failed, see " + log + ":\n"
                        + String.join("\n", tail(Files.readAllLines(log, StandardCharsets.UTF_8), 30)));
            }
            Files.writeString(marker, fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh H2 database on each first start keeps test runs independent of each other. */
    static void wipeData(Path home) {
        Path data = home.resolve("data");
        if (Files.exists(data)) {
            deleteTree(data);
        }
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private static String digest(List<Path> files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}
