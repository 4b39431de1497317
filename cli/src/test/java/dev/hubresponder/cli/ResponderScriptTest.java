package dev.hubresponder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./responder} script in a copied or moved checkout: the class path it recorded names the old
 * checkout's module jars, and it must build again rather than run that code. The checkout here is the script and
 * a stand-in {@code mvnw} that only records that it was asked to build. Preconditions: bash.
 */
class ResponderScriptTest {
    private static final Path SCRIPT = Path.of("..", "responder").toAbsolutePath().normalize();

    @Test
    void aClassPathNamingAnotherCheckoutsModulesIsBuiltAgain(@TempDir Path moved) throws Exception {
        Path oldCheckoutJar = Files.createDirectories(SCRIPT.getParent().resolve("shared/target"))
                .resolve("shared-1.0.0-SNAPSHOT.jar");
        checkout(moved, oldCheckoutJar.toString());

        run(moved);

        assertThat(moved.resolve("built")).exists();
    }

    @Test
    void aClassPathOfThisCheckoutIsUsedAsItIs(@TempDir Path checkout) throws Exception {
        Path ownJar = Files.createDirectories(checkout.resolve("shared/target")).resolve("shared.jar");
        Files.writeString(ownJar, "");
        checkout(checkout, ownJar.toString());

        run(checkout);

        assertThat(checkout.resolve("built")).doesNotExist();
    }

    private static void checkout(Path root, String classPath) throws IOException {
        Files.copy(SCRIPT, root.resolve("responder"));
        Path mvnw = Files.writeString(root.resolve("mvnw"), "#!/usr/bin/env bash\ntouch \"$(dirname \"$0\")/built\"\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path classPathFile = Files.createDirectories(root.resolve("cli/target")).resolve("runtime-classpath.txt");
        Files.writeString(classPathFile, classPath);
    }

    private static void run(Path root) throws Exception {
        Process process = new ProcessBuilder(List.of("bash", root.resolve("responder").toString(), "help"))
                .directory(root.toFile()).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
}
