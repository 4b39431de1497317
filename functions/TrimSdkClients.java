import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Trims AWS SDK v2 service modules in a function's shaded jar to the operations the jar's code calls. Run by each
 * function that names exec-maven-plugin after maven-shade-plugin (root pom, {@code sdk.trimmed.clients}):
 * {@code java functions/TrimSdkClients.java <jar> ec2,autoscaling}.
 *
 * <p>minimizeJar cannot do this: a service's default client refers to every operation. For each named service this
 * keeps, from the bytecode alone:
 * <ul>
 *   <li>the client, its builders, endpoints, auth, internals and interceptors: every class of the service outside
 *       {@code model/}, {@code transform/}, {@code paginators/} and {@code waiters/}, every exception, and what
 *       these reach (EC2's presigning interceptor names {@code CopySnapshot}'s request and marshaller);</li>
 *   <li>for each operation some class outside the client calls on the client interface (its code, the SDK's, another
 *       library's): its request, response, marshaller and paginator, and every class they reach through their
 *       constant pools;</li>
 *   <li>for every other operation, its request class as an empty abstract class of the same name and superclass:
 *       the JVM's verifier loads every request class when it links the default client (each is passed as an
 *       {@code SdkRequest}), and that is all it asks of them. Calling such an operation fails with
 *       {@code NoSuchMethodError} on its request's {@code builder()}.</li>
 * </ul>
 * A service whose waiters or asynchronous client the code uses is refused: leave it out of the list.
 * TrimmedSdkClientsTest (cli) checks every trimmed jar apart from this program; InvokeEveryFunctionTest runs each.
 */
public final class TrimSdkClients {
    private static final String SERVICES = "software/amazon/awssdk/services/";
    /** An operation's classes and shapes, inside a service's package or one nested in it (DynamoDB's streams/). */
    private static final Pattern OPERATION_CLASS = Pattern.compile("(.*/)?(model|transform|paginators|waiters)/.*");
    private static final Pattern SERVICE_CLASS = Pattern.compile(
            "software/amazon/awssdk/services/[a-z0-9]+/[A-Za-z0-9_/$]+");

    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final Map<String, Long> times = new LinkedHashMap<>();
    private final Map<String, Set<String>> references = new LinkedHashMap<>();
    private Map<String, List<String[]>> calls;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java TrimSdkClients.java <shaded jar> <service,...|none>");
        }
        Path jar = Path.of(args[0]);
        List<String> services = new ArrayList<>();
        for (String service : args[1].split(",")) {
            if (!service.isBlank() && !service.trim().equals("none")) {
                services.add(service.trim());
            }
        }
        if (services.isEmpty()) {
            return;
        }
        long before = Files.size(jar);
        TrimSdkClients trim = new TrimSdkClients();
        trim.read(jar);
        Map<String, byte[]> trimmed = new LinkedHashMap<>(trim.entries);
        for (String service : services) {
            trim.trim(service, trimmed);
        }
        Path out = jar.resolveSibling(jar.getFileName() + ".trimmed");
        trim.write(trimmed, out);
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("TrimSdkClients: %s %.1f MB -> %.1f MB%n", jar.getFileName(), before / 1048576.0,
                Files.size(jar) / 1048576.0);
    }

    private void trim(String service, Map<String, byte[]> trimmed) {
        String pkg = SERVICES + service + "/";
        Set<String> classes = new TreeSet<>();
        for (String name : entries.keySet()) {
            if (name.startsWith(pkg) && name.endsWith(".class")) {
                classes.add(name.substring(0, name.length() - ".class".length()));
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException("sdk.trimmed.clients names " + service + " but the jar has no " + pkg);
        }
        Set<String> operations = operationsCalled(pkg);
        Set<String> keep = new HashSet<>();
        Deque<String> reach = new ArrayDeque<>();
        for (String name : classes) {
            String path = name.substring(pkg.length());
            if (isClient(name)) {
                keep.add(name);
            } else if (!OPERATION_CLASS.matcher(path).matches() || path.matches("(.*/)?transform/internal/.*")) {
                reach.add(name);
            } else if (path.matches("model/[A-Za-z0-9]+Exception(\\$.*)?")) {
                reach.add(name);
            } else if (isOperationRequest(pkg, name)) {
                reach.add(superclass(name));
            }
        }
        for (String operation : operations) {
            reach.add(required(classes, pkg + "model/" + operation + "Request"));
            reach.add(required(classes, pkg + "model/" + operation + "Response"));
            for (String name : classes) {
                if (name.endsWith("/transform/" + operation + "RequestMarshaller")
                        || name.endsWith("/paginators/" + operation + "Iterable")) {
                    reach.add(name);
                }
            }
        }
        while (!reach.isEmpty()) {
            String name = reach.pop();
            if (keep.add(name) && !isClient(name)) {
                for (String referenced : references(name)) {
                    if (referenced.startsWith(pkg) && classes.contains(referenced) && !keep.contains(referenced)) {
                        reach.add(referenced);
                    }
                }
            }
        }
        int stubs = 0;
        for (String name : classes) {
            if (keep.contains(name)) {
                continue;
            }
            if (isOperationRequest(pkg, name)) {
                trimmed.put(name + ".class", stub(name, superclass(name)));
                stubs++;
            } else {
                trimmed.remove(name + ".class");
            }
        }
        System.out.printf("TrimSdkClients: %s keeps %d operations %s, %d classes; %d requests as empty classes%n",
                service, operations.size(), operations, keep.size(), stubs);
    }

    /**
     * The operations that classes outside the service's client, paginators and waiters call on its client interface,
     * named by what the call returns: {@code getIPSet} returns a {@code GetIpSetResponse} (operation
     * {@code GetIpSet}), {@code describeInstancesPaginator} a {@code DescribeInstancesIterable}.
     */
    private Set<String> operationsCalled(String pkg) {
        Pattern result = Pattern.compile("\\)L" + Pattern.quote(pkg)
                + "(?:model/([A-Za-z0-9]+)Response|(?:[a-z0-9]+/)?paginators/([A-Za-z0-9]+)Iterable);");
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, List<String[]>> caller : calls().entrySet()) {
            String className = caller.getKey();
            if (className.startsWith(pkg) && (isClient(className)
                    || OPERATION_CLASS.matcher(className.substring(pkg.length())).matches())) {
                continue;
            }
            for (String[] call : caller.getValue()) {
                String owner = call[0];
                if (!owner.startsWith(pkg) || !isClient(owner)) {
                    continue;
                }
                if (call[1].equals("waiter") || owner.endsWith("AsyncClient")
                        && call[2].matches(".*\\)L(java/util/concurrent/CompletableFuture|.*Publisher);")) {
                    throw new IllegalStateException(className + " calls " + owner + "." + call[1]
                            + ", which this program does not trace: leave its service out of sdk.trimmed.clients");
                }
                Matcher m = result.matcher(call[2]);
                if (m.find()) {
                    operations.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        return operations;
    }

    /** Every class's method references, read once for all services. */
    private Map<String, List<String[]>> calls() {
        if (calls == null) {
            calls = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                String name = entry.getKey();
                if (name.endsWith(".class")) {
                    calls.put(name.substring(0, name.length() - ".class".length()),
                            ClassFile.parse(entry.getValue()).methodReferences());
                }
            }
        }
        return calls;
    }

    /** A request class of an operation (some shapes are named …Request too, and extend Object). */
    private boolean isOperationRequest(String pkg, String name) {
        return name.substring(pkg.length()).matches("model/[A-Za-z0-9]+Request") && superclass(name).startsWith(pkg);
    }

    private static String required(Set<String> classes, String name) {
        if (!classes.contains(name)) {
            throw new IllegalStateException("the jar calls an operation whose " + name + " it lacks");
        }
        return name;
    }

    /** A client interface or implementation: kept, never followed (it names every operation's classes). */
    private static boolean isClient(String name) {
        return !OPERATION_CLASS.matcher(name).matches()
                && name.substring(name.lastIndexOf('/') + 1).matches("[A-Za-z0-9]*Client");
    }

    private Set<String> references(String name) {
        return references.computeIfAbsent(name, n -> {
            Set<String> found = new HashSet<>();
            for (String text : ClassFile.parse(entries.get(n + ".class")).utf8) {
                Matcher m = SERVICE_CLASS.matcher(text);
                while (m.find()) {
                    found.add(m.group());
                }
            }
            return found;
        });
    }

    private String superclass(String name) {
        ClassFile file = ClassFile.parse(entries.get(name + ".class"));
        return file.className(file.superClass);
    }

    /** {@code public abstract class <name> extends <superclass>}, no members, in the SDK's class-file version. */
    private static byte[] stub(String name, String superclass) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(52);
            out.writeShort(5);
            out.writeByte(1);
            out.writeUTF(name);
            out.writeByte(7);
            out.writeShort(1);
            out.writeByte(1);
            out.writeUTF(superclass);
            out.writeByte(7);
            out.writeShort(3);
            out.writeShort(0x0001 | 0x0020 | 0x0400);
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(0);
            out.writeShort(0);
            out.writeShort(0);
            out.writeShort(0);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read(Path jar) throws IOException {
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
                times.put(entry.getName(), entry.getTime());
            }
        }
    }

    private void write(Map<String, byte[]> trimmed, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : trimmed.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setTime(times.get(entry.getKey()));
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
    }

    /** The constant pool of a class file: its UTF-8 strings, class names and method references. */
    private static final class ClassFile {
        private final String[] strings;
        private final int[][] refs;
        private final List<String> utf8 = new ArrayList<>();
        private int superClass;

        private ClassFile(int size) {
            strings = new String[size];
            refs = new int[size][];
        }

        static ClassFile parse(byte[] bytes) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            in.position(8);
            int count = in.getShort() & 0xFFFF;
            ClassFile file = new ClassFile(count);
            for (int i = 1; i < count; i++) {
                int tag = in.get();
                switch (tag) {
                    case 1 -> {
                        int length = in.getShort() & 0xFFFF;
                        file.strings[i] = new String(bytes, in.position(), length, StandardCharsets.UTF_8);
                        file.utf8.add(file.strings[i]);
                        in.position(in.position() + length);
                    }
                    case 7, 8, 16, 19, 20 -> file.refs[i] = new int[] {tag, in.getShort() & 0xFFFF};
                    case 15 -> in.position(in.position() + 3);
                    case 9, 10, 11, 12, 17, 18 -> file.refs[i] = new int[] {tag, in.getShort() & 0xFFFF,
                            in.getShort() & 0xFFFF};
                    case 3, 4 -> in.position(in.position() + 4);
                    case 5, 6 -> {
                        in.position(in.position() + 8);
                        i++;
                    }
                    default -> throw new IllegalStateException("unknown constant pool tag " + tag);
                }
            }
            in.position(in.position() + 4);
            file.superClass = in.getShort() & 0xFFFF;
            return file;
        }

        String className(int index) {
            return strings[refs[index][1]];
        }

        /** {owner, name, descriptor} of every method and interface method reference. */
        List<String[]> methodReferences() {
            List<String[]> calls = new ArrayList<>();
            for (int[] ref : refs) {
                if (ref != null && (ref[0] == 10 || ref[0] == 11)) {
                    calls.add(new String[] {className(ref[1]), strings[refs[ref[2]][1]], strings[refs[ref[2]][2]]});
                }
            }
            return calls;
        }
    }
}
