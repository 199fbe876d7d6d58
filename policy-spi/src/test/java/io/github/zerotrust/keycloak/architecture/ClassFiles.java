package io.github.zerotrust.keycloak.architecture;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The compiled classes of a module, read from their constant pools: every method or constructor a class calls
 * (also through a method reference or a lambda, which compile to the same entries) and every type it names. Read
 * from bytecode rather than source, so a fully qualified name, a static import or a method reference cannot hide a
 * call. Used by the architecture tests of each module; no library needed.
 */
public final class ClassFiles {

    /** A call site's target: {@code owner} in internal form ({@code java/time/Instant}), name, JVM descriptor. */
    public record Call(String owner, String name, String descriptor) {
    }

    /** One class: its internal name, the calls it makes and the text constants of its pool (type names among them). */
    public record ClassFile(String name, Set<Call> calls, Set<String> texts) {

        public boolean calls(Predicate<Call> call) {
            return calls.stream().anyMatch(call);
        }

        public boolean mentions(String text) {
            return texts.stream().anyMatch(t -> t.contains(text));
        }
    }

    private ClassFiles() {
    }

    /** Every class of the module that holds {@code member} (a directory of classes or a jar). */
    public static List<ClassFile> ofModuleOf(Class<?> member) {
        try {
            Path root = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(root) ? ofDirectory(root) : ofJar(root);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ClassFile> ofDirectory(Path root) {
        List<ClassFile> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                classes.add(read(Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    static List<ClassFile> ofJar(Path jar) {
        List<ClassFile> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = file.getInputStream(entry)) {
                    classes.add(read(in.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    /** The constant pool of one class file (JVMS 4.4). */
    static ClassFile read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] first = new int[count];
        int[] second = new int[count];
        int[] tag = new int[count];
        for (int i = 1; i < count; i++) {
            tag[i] = in.readUnsignedByte();
            switch (tag[i]) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    first[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag[i] + " at " + i);
            }
        }
        in.readUnsignedShort();
        String name = utf8[first[in.readUnsignedShort()]];
        Set<Call> calls = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (tag[i] == 1) {
                texts.add(utf8[i]);
            } else if (tag[i] == 10 || tag[i] == 11) {
                int nameAndType = second[i];
                calls.add(new Call(utf8[first[first[i]]], utf8[first[nameAndType]], utf8[second[nameAndType]]));
            }
        }
        return new ClassFile(name, Set.copyOf(calls), Set.copyOf(texts));
    }

    /** A call that reads the machine's clock, not the one clock: {@code Instant.now()}, {@code Clock.systemUTC()}, ... */
    public static boolean readsASystemClock(Call call) {
        String owner = call.owner();
        return owner.equals("java/time/Clock") && call.name().startsWith("system")
                || owner.startsWith("java/time/") && call.name().equals("now") && !call.descriptor().contains("Ljava/time/Clock;")
                || owner.equals("java/lang/System") && call.name().equals("currentTimeMillis")
                || owner.equals("java/util/Date") && call.name().equals("<init>") && call.descriptor().equals("()V")
                || owner.equals("org/keycloak/common/util/Time") && call.name().startsWith("current");
    }

    /** A call that makes a Jackson mapper of its own. */
    public static boolean buildsAnObjectMapper(Call call) {
        String owner = call.owner();
        return (owner.equals("com/fasterxml/jackson/databind/ObjectMapper") || owner.equals("com/fasterxml/jackson/databind/json/JsonMapper"))
                && (call.name().equals("<init>") || call.name().equals("builder") || call.name().equals("copy"));
    }

    /** Whether the class uses the JDK's HTTP client ({@code java.net.http}) in any way. */
    public static boolean usesTheJdkHttpClient(ClassFile file) {
        return file.mentions("java/net/http/");
    }
}
