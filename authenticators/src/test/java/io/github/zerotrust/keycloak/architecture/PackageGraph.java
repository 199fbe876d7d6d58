package io.github.zerotrust.keycloak.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which of the suite's packages use which, read from compiled classes: every class name in a class
 * file's constant pool (types used in code, in signatures and in annotations all appear there), so
 * comments and javadoc links do not count and fully qualified names in code do.
 */
final class PackageGraph {

    private static final Pattern OURS = Pattern.compile("io/github/zerotrust/keycloak/[a-z][\\w/$]*");

    private final Map<String, Set<String>> uses = new TreeMap<>();

    void add(String from, String to) {
        uses.computeIfAbsent(from, k -> new TreeSet<>());
        if (!from.equals(to)) {
            uses.get(from).add(to);
            uses.computeIfAbsent(to, k -> new TreeSet<>());
        }
    }

    /** Reads every class under {@code classes} (a {@code target/classes} directory). */
    static PackageGraph of(Path... classes) {
        PackageGraph graph = new PackageGraph();
        for (Path root : classes) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".class")).forEach(p -> graph.read(root, p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return graph;
    }

    private void read(Path root, Path file) {
        String own = packageOf(root.relativize(file).toString().replace('\\', '/'));
        try (InputStream in = Files.newInputStream(file)) {
            for (String text : constantTexts(new DataInputStream(in))) {
                Matcher m = OURS.matcher(text);
                while (m.find()) {
                    add(own, packageOf(m.group()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(String classPath) {
        int slash = classPath.lastIndexOf('/');
        return (slash < 0 ? "" : classPath.substring(0, slash)).replace('/', '.');
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
    private static List<String> constantTexts(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> texts = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return texts;
    }

    /** Every group of packages that use each other round, each as its packages in order; empty when there is none. */
    List<Set<String>> cycles() {
        // Tarjan's strongly connected components: a component of more than one package is a cycle.
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> cycles = new ArrayList<>();
        int[] counter = {0};
        for (String pkg : uses.keySet()) {
            if (!index.containsKey(pkg)) {
                connect(pkg, index, low, stack, onStack, cycles, counter);
            }
        }
        return cycles;
    }

    private void connect(String pkg, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         Set<String> onStack, List<Set<String>> cycles, int[] counter) {
        index.put(pkg, counter[0]);
        low.put(pkg, counter[0]++);
        stack.push(pkg);
        onStack.add(pkg);
        for (String next : uses.get(pkg)) {
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, onStack, cycles, counter);
                low.put(pkg, Math.min(low.get(pkg), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(pkg, Math.min(low.get(pkg), index.get(next)));
            }
        }
        if (low.get(pkg).equals(index.get(pkg))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(pkg));
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
    }

    /** For a failure message: each package of a cycle with the packages of the same cycle it uses. */
    String explain(Set<String> cycle) {
        StringBuilder s = new StringBuilder();
        for (String pkg : cycle) {
            Set<String> within = new TreeSet<>(uses.get(pkg));
            within.retainAll(cycle);
            s.append("\n  ").append(pkg).append(" -> ").append(within);
        }
        return s.toString();
    }

    Set<String> packages() {
        return uses.keySet();
    }
}
