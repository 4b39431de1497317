package dev.hubresponder.template;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool the template tests depend on (cfn-lint, a Python that has cfn-lint installed) and captures its
 * output. Looks in PATH and in the machine's pyenv shims, where these machines install them; a missing tool fails
 * the test with the install command, it never skips it.
 */
final class ExternalCommand {
    static final String INSTALL_HINT = "install it with: python3 -m pip install 'cfn-lint==1.51.0'";

    private ExternalCommand() {
    }

    record Result(int exitCode, String output) {
    }

    /** Runs the command with its standard error merged into the output. */
    static Result run(Path workingDirectory, List<String> command) {
        return run(workingDirectory, command, true).result();
    }

    /** Runs the command keeping standard output (for machine-readable output) apart from standard error. */
    static Separated runSeparately(Path workingDirectory, List<String> command) {
        return run(workingDirectory, command, false);
    }

    record Separated(Result result, String errors) {
    }

    private static Separated run(Path workingDirectory, List<String> command, boolean merge) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(merge);
        builder.environment().put("PATH", String.join(File.pathSeparator, searchPath()));
        Path errors = null;
        try {
            if (!merge) {
                errors = Files.createTempFile("external-command-", ".err");
                builder.redirectError(errors.toFile());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 180 s");
            }
            String errorText = errors == null ? "" : Files.readString(errors);
            return new Separated(new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8)),
                    errorText);
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " could not be started (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command.get(0), e);
        } finally {
            if (errors != null) {
                errors.toFile().delete();
            }
        }
    }

    /** The executable's full path, from PATH or the pyenv shims. */
    static String executable(String name) {
        return find(name).orElseThrow(() -> new AssertionError(name + " is not installed; " + INSTALL_HINT));
    }

    /**
     * A Python interpreter that can import cfn-lint: the one cfn-lint's own launcher names, else the pyenv
     * shim, else python3 in PATH.
     */
    static String pythonWithCfnLint() {
        Set<String> candidates = new LinkedHashSet<>();
        find("cfn-lint").flatMap(ExternalCommand::shebangPython).ifPresent(candidates::add);
        find("python3").ifPresent(candidates::add);
        for (String python : candidates) {
            Result probe = run(Path.of("").toAbsolutePath(), List.of(python, "-c", "import cfnlint"));
            if (probe.exitCode() == 0) {
                return python;
            }
        }
        throw new AssertionError("no Python with cfn-lint found (tried " + candidates + "); " + INSTALL_HINT);
    }

    private static Optional<String> find(String name) {
        for (String dir : searchPath()) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> shebangPython(String launcher) {
        try (BufferedReader reader = Files.newBufferedReader(Path.of(launcher), StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            if (first != null && first.startsWith("#!") && first.contains("python")) {
                String interpreter = first.substring(2).trim().split("\\s+")[0];
                return Files.isExecutable(Path.of(interpreter)) ? Optional.of(interpreter) : Optional.empty();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> searchPath() {
        List<String> dirs = new ArrayList<>();
        dirs.add(System.getProperty("user.home") + "/.pyenv/shims");
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        return dirs;
    }
}
