package dev.hubresponder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function jar whose SDK modules {@code functions/TrimSdkClients.java} trimmed (root pom,
 * {@code sdk.trimmed.clients}) still carries all that the operations its classes call need. Worked out here from the
 * jar's bytecode, apart from the trimming program: the operations called on each trimmed client, then every class
 * their request, response, marshaller and paginator reach through their constant pools; each must be in the jar
 * and not one of the empty request classes left for the verifier. Then every class kept of a trimmed module loads
 * and initializes, the default client included, which the verifier links against the empty requests.
 *
 * <p>Preconditions: the functions' shaded jars built, which the reactor does before this module's tests (cli
 * depends on each function module, type pom).
 */
class TrimmedSdkClientsTest {
    /** An operation's request, response, marshaller, paginator or waiter, or a shape: not part of the client. */
    private static final Pattern OPERATION_CLASS = Pattern.compile(
            "software/amazon/awssdk/services/[a-z0-9]+/(.*/)?(model|transform|paginators|waiters)/.*");
    private static final Pattern EMPTY_REQUEST_NAME = Pattern.compile("(software/amazon/awssdk/services/[a-z0-9]+/)"
            + "model/[A-Za-z0-9]+Request");

    static List<Path> functionJars() throws IOException {
        return SecurityHubClassesTest.functionJars();
    }

    @ParameterizedTest
    @MethodSource("functionJars")
    void everyOperationATrimmedJarCallsHasAllItsClasses(Path jar) throws Exception {
        Map<String, byte[]> classes = classes(jar);
        Set<String> trimmed = trimmedPackages(classes);
        List<String> failures = new ArrayList<>();
        for (String pkg : trimmed) {
            for (Map.Entry<String, String> reached : reachedFromCalledOperations(classes, pkg).entrySet()) {
                String name = reached.getKey();
                if (!classes.containsKey(name)) {
                    failures.add(name + " (from " + reached.getValue() + "): missing");
                } else if (isEmptyRequest(name, classes.get(name))) {
                    failures.add(name + " (from " + reached.getValue() + "): an empty request class");
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String pkg : trimmed) {
                for (Map.Entry<String, byte[]> kept : classes.entrySet()) {
                    if (kept.getKey().startsWith(pkg) && !isEmptyRequest(kept.getKey(), kept.getValue())) {
                        try {
                            Class.forName(kept.getKey().replace('/', '.'), true, loader);
                        } catch (LinkageError | ClassNotFoundException e) {
                            failures.add(kept.getKey() + ": " + e);
                        }
                    }
                }
            }
        }

        assertThat(failures).as(jar.getFileName() + ": classes of called SDK operations that the trimmed jar lacks"
                + " (functions/TrimSdkClients.java keeps them)").isEmpty();
    }

    /** The service packages with an empty request class: those TrimSdkClients trimmed. */
    private static Set<String> trimmedPackages(Map<String, byte[]> classes) {
        Set<String> packages = new TreeSet<>();
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            Matcher m = EMPTY_REQUEST_NAME.matcher(entry.getKey());
            if (m.matches() && isEmptyRequest(entry.getKey(), entry.getValue())) {
                packages.add(m.group(1));
            }
        }
        return packages;
    }

    /**
     * What the client's endpoints, auth, internals and interceptors reach, and what the operations called on the
     * client reach: calls from any class but the clients and the operations' own classes, each operation named by
     * what its client method returns. Clients are not followed: they name every operation.
     */
    private static Map<String, String> reachedFromCalledOperations(Map<String, byte[]> classes, String pkg) {
        Pattern operationResult = Pattern.compile("\\)L" + Pattern.quote(pkg)
                + "(?:model/([A-Za-z0-9]+)Response|(?:[a-z0-9]+/)?paginators/([A-Za-z0-9]+)Iterable);");
        Deque<String[]> toVisit = new ArrayDeque<>();
        Map<String, String> operations = new TreeMap<>();
        for (Map.Entry<String, byte[]> caller : classes.entrySet()) {
            String name = caller.getKey();
            if (name.startsWith(pkg)) {
                boolean operationClass = OPERATION_CLASS.matcher(name).matches();
                if (isClient(name) || operationClass) {
                    if (name.matches(".*/transform/internal/.*")) {
                        toVisit.add(new String[] {name, "the client"});
                    }
                    continue;
                }
                toVisit.add(new String[] {name, "the client"});
            }
            for (String[] call : ConstantPool.of(caller.getValue()).methodReferences()) {
                Matcher m = operationResult.matcher(call[2]);
                if (call[0].startsWith(pkg) && isClient(call[0]) && m.find()) {
                    operations.put(m.group(1) != null ? m.group(1) : m.group(2), name);
                }
            }
        }
        for (Map.Entry<String, String> called : operations.entrySet()) {
            String operation = called.getKey();
            String caller = called.getValue();
            toVisit.add(new String[] {pkg + "model/" + operation + "Request", caller});
            toVisit.add(new String[] {pkg + "model/" + operation + "Response", caller});
            toVisit.add(new String[] {classes.keySet().stream().filter(n -> n.startsWith(pkg)
                    && n.endsWith("/transform/" + operation + "RequestMarshaller")).findFirst()
                    .orElse(pkg + "transform/" + operation + "RequestMarshaller"), caller});
            classes.keySet().stream().filter(n -> n.startsWith(pkg)
                    && n.endsWith("/paginators/" + operation + "Iterable"))
                    .forEach(n -> toVisit.add(new String[] {n, caller}));
        }
        Pattern descriptorType = Pattern.compile("L(" + Pattern.quote(pkg) + "[A-Za-z0-9_/$]+)[;<]");
        Map<String, String> reached = new TreeMap<>();
        while (!toVisit.isEmpty()) {
            String[] next = toVisit.pop();
            String name = next[0];
            if (reached.putIfAbsent(name, next[1]) == null && !isClient(name) && classes.containsKey(name)) {
                ConstantPool pool = ConstantPool.of(classes.get(name));
                for (String type : pool.classNames()) {
                    if (type.startsWith(pkg)) {
                        toVisit.add(new String[] {type, name});
                    }
                }
                for (String text : pool.strings()) {
                    Matcher m = descriptorType.matcher(text);
                    while (m.find()) {
                        toVisit.add(new String[] {m.group(1), name});
                    }
                }
            }
        }
        return reached;
    }

    private static boolean isClient(String name) {
        return !OPERATION_CLASS.matcher(name).matches()
                && name.substring(name.lastIndexOf('/') + 1).matches("[A-Za-z0-9]*Client");
    }

    /** The class files of the jar, by class name ({@code a/b/C}). */
    private static Map<String, byte[]> classes(Path jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    classes.put(name.substring(0, name.length() - ".class".length()), zip.readAllBytes());
                }
            }
        }
        return classes;
    }

    /** A request that is an abstract class without a method: what TrimSdkClients leaves of one no code sends. */
    private static boolean isEmptyRequest(String name, byte[] classFile) {
        if (!EMPTY_REQUEST_NAME.matcher(name).matches()) {
            return false;
        }
        ConstantPool pool = ConstantPool.of(classFile);
        return (pool.accessFlags & (Modifier.ABSTRACT | Modifier.INTERFACE)) == Modifier.ABSTRACT
                && pool.methodCount == 0;
    }

    /** The constant pool of a class file, and the two counts after it that tell an empty class. */
    private static final class ConstantPool {
        private final String[] strings;
        private final int[][] refs;
        private int accessFlags;
        private int methodCount;

        private ConstantPool(int size) {
            strings = new String[size];
            refs = new int[size][];
        }

        static ConstantPool of(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.position(8);
            int count = in.getShort() & 0xFFFF;
            ConstantPool pool = new ConstantPool(count);
            for (int i = 1; i < count; i++) {
                int tag = in.get();
                switch (tag) {
                    case 1 -> {
                        int length = in.getShort() & 0xFFFF;
                        pool.strings[i] = new String(bytes, in.position(), length, StandardCharsets.UTF_8);
                        in.position(in.position() + length);
                    }
                    case 7, 8, 16, 19, 20 -> pool.refs[i] = new int[] {in.getShort() & 0xFFFF, tag};
                    case 15 -> in.position(in.position() + 3);
                    case 9, 10, 11, 12, 17, 18 -> pool.refs[i] = new int[] {in.getShort() & 0xFFFF,
                            in.getShort() & 0xFFFF, tag};
                    case 3, 4 -> in.position(in.position() + 4);
                    case 5, 6 -> {
                        in.position(in.position() + 8);
                        i++;
                    }
                    default -> throw new IllegalStateException("unknown constant pool tag " + tag);
                }
            }
            pool.accessFlags = in.getShort() & 0xFFFF;
            in.position(in.position() + 4);
            int interfaces = in.getShort() & 0xFFFF;
            in.position(in.position() + 2 * interfaces);
            int fields = in.getShort() & 0xFFFF;
            for (int f = 0; f < fields; f++) {
                in.position(in.position() + 6);
                skipAttributes(in);
            }
            pool.methodCount = in.getShort() & 0xFFFF;
            return pool;
        }

        private static void skipAttributes(ByteBuffer in) {
            int attributes = in.getShort() & 0xFFFF;
            for (int a = 0; a < attributes; a++) {
                in.position(in.position() + 2);
                int length = in.getInt();
                in.position(in.position() + length);
            }
        }

        List<String> strings() {
            List<String> texts = new ArrayList<>();
            for (String text : strings) {
                if (text != null) {
                    texts.add(text);
                }
            }
            return texts;
        }

        /** The classes named by class constants (array types as their descriptors). */
        List<String> classNames() {
            List<String> names = new ArrayList<>();
            for (int[] ref : refs) {
                if (ref != null && ref.length == 2 && ref[1] == 7) {
                    names.add(strings[ref[0]]);
                }
            }
            return names;
        }

        /** {owner, name, descriptor} of every method and interface method reference. */
        List<String[]> methodReferences() {
            List<String[]> calls = new ArrayList<>();
            for (int[] ref : refs) {
                if (ref != null && ref.length == 3 && (ref[2] == 10 || ref[2] == 11)) {
                    int[] nameAndType = refs[ref[1]];
                    calls.add(new String[] {strings[refs[ref[0]][0]], strings[nameAndType[0]],
                            strings[nameAndType[1]]});
                }
            }
            return calls;
        }
    }
}
