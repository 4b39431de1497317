package dev.hubresponder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function jar that carries Security Hub's SDK module trimmed to some operations (the root pom's shade
 * filter) carries everything those operations need: each kept model and marshaller class initializes, which
 * resolves the shapes its fields refer to, and the client itself loads and verifies. A class left out by the
 * filter that a kept operation reaches fails here, not on Lambda on the first note.
 *
 * <p>Preconditions: the functions' shaded jars built, which the reactor does before this module's tests (cli
 * depends on each function module, type pom).
 */
class SecurityHubClassesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String PACKAGE = "software/amazon/awssdk/services/securityhub/";

    static List<Path> functionJars() throws IOException {
        try (Stream<Path> modules = Files.list(ROOT.resolve("functions"))) {
            List<Path> jars = new ArrayList<>();
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                Path target = module.resolve("target");
                if (Files.isDirectory(target)) {
                    try (Stream<Path> files = Files.list(target)) {
                        files.filter(p -> p.toString().endsWith(".jar")
                                && !p.getFileName().toString().startsWith("original-")).forEach(jars::add);
                    }
                }
            }
            return jars;
        }
    }

    @ParameterizedTest
    @MethodSource("functionJars")
    void everySecurityHubOperationAFunctionShipsHasAllItsClasses(Path jar) throws Exception {
        List<String> kept;
        try (JarFile file = new JarFile(jar.toFile())) {
            kept = file.stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith(PACKAGE) && name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .collect(Collectors.toList());
        }
        Set<String> names = Set.copyOf(kept);
        List<String> failures = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String name : kept) {
                if (isRequestKeptForTheVerifierOnly(name, names)) {
                    continue;
                }
                try {
                    Class.forName(name.replace('/', '.'), true, loader);
                } catch (LinkageError | ClassNotFoundException e) {
                    failures.add(name + ": " + e);
                }
            }
        }

        assertThat(failures).as(jar.getFileName() + ": Security Hub classes that cannot load (add the operation's"
                + " shapes to the root pom's securityhub filter)").isEmpty();
    }

    /** A request of an operation the function never calls: in the jar for the client's verifier, without its shapes. */
    private static boolean isRequestKeptForTheVerifierOnly(String name, Set<String> names) {
        String model = PACKAGE + "model/";
        if (!name.startsWith(model) || !name.endsWith("Request")) {
            return false;
        }
        String operation = name.substring(model.length(), name.length() - "Request".length());
        return !operation.equals("SecurityHub") && !names.contains(PACKAGE + "transform/" + operation
                + "RequestMarshaller");
    }
}
