package dev.hubresponder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.testkit.LocalLambdaContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./responder invoke}: runs a function's real handler on an event, the way Lambda would, without Docker.
 * The handler class, code folder, timeout, memory and environment come from {@code template.yaml}; a file in
 * {@code sam local invoke --env-vars} format overrides the environment. The function runs in a fresh JVM built
 * from its deployment artifact (the shaded jar), so its init reads its own environment exactly as on Lambda, and
 * it reaches whatever {@code AWS_ENDPOINT_URL} points to.
 */
final class LocalInvoker {
    private final Path projectRoot;
    private final Map<String, String> shellEnv;
    private final PrintStream log;

    LocalInvoker(Path projectRoot, Map<String, String> shellEnv, PrintStream log) {
        this.projectRoot = projectRoot;
        this.shellEnv = shellEnv;
        this.log = log;
    }

    /** The outcome of one invocation: the handler's output (or Lambda-style error) and whether it failed. */
    record Result(int exitCode, String output) {
        boolean failed() {
            return exitCode != 0;
        }
    }

    Result invoke(String logicalId, Path event, Map<String, String> overrides) throws IOException,
            InterruptedException {
        SamTemplate.Where where = where(shellEnv, overrides, log);
        SamTemplate.Function function = SamTemplate.read(projectRoot.resolve("template.yaml"), where)
                .function(logicalId);
        Path jar = artifact(function);
        Map<String, String> env = new HashMap<>(shellEnv);
        env.putAll(function.environment());
        env.putAll(overrides);
        env.put("AWS_REGION", where.region());
        env.put("AWS_LAMBDA_FUNCTION_NAME", logicalId);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        for (String name : function.unresolved()) {
            if (!env.containsKey(name)) {
                log.println("invoke: " + name + " has no local value (it names a deployed resource); set it with"
                        + " --env-vars");
            }
        }
        Path result = Files.createTempFile("hub-responder-result-", ".json");
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-D" + LambdaBootstrap.ACCOUNT_PROPERTY + "=" + where.accountId());
            command.add("-cp");
            command.add(cliClasses() + File.pathSeparator + jar + File.pathSeparator + testkitClasses());
            command.add(LambdaBootstrap.class.getName());
            command.add(function.handler());
            command.add(event.toAbsolutePath().toString());
            command.add(result.toString());
            command.add(logicalId);
            command.add(Integer.toString(function.timeoutSeconds()));
            command.add(Integer.toString(function.memoryMb()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            try (InputStream logs = process.getInputStream()) {
                copy(logs, log);
            }
            int exit = process.waitFor();
            String output = Files.exists(result) ? Files.readString(result) : "";
            return new Result(exit, output);
        } finally {
            Files.deleteIfExists(result);
        }
    }

    /**
     * Where the function is run: the Region its {@code AWS_REGION} will be (the {@code --env-vars} file's, else the
     * shell's {@code AWS_REGION} or {@code AWS_DEFAULT_REGION}, else us-east-1), and the account from
     * {@code AWS_ACCOUNT_ID} in the same places, else the emulator's default account, which is said.
     */
    static SamTemplate.Where where(Map<String, String> shellEnv, Map<String, String> overrides, PrintStream log) {
        Map<String, String> given = new HashMap<>(shellEnv);
        given.putAll(overrides);
        String region = firstNonBlank(given.get("AWS_REGION"), given.get("AWS_DEFAULT_REGION"), "us-east-1");
        String account = given.get("AWS_ACCOUNT_ID");
        if (account == null || account.isBlank()) {
            log.println("invoke: AWS::AccountId is " + SamTemplate.DEFAULT_ACCOUNT + " (the emulator's default"
                    + " account); set AWS_ACCOUNT_ID in the --env-vars file's Parameters to name another");
            account = SamTemplate.DEFAULT_ACCOUNT;
        } else if (!account.trim().matches("\\d{12}")) {
            throw new IllegalArgumentException("AWS_ACCOUNT_ID '" + account + "' is not a 12-digit account id");
        }
        return new SamTemplate.Where(region, account.trim());
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** Reads a {@code sam local invoke --env-vars} file: {@code Parameters} for all, then the function's own. */
    static Map<String, String> envVarsFile(Path file, String logicalId, ObjectMapper mapper) throws IOException {
        JsonNode root = mapper.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a JSON object like {\"" + logicalId + "\":{\"NAME\":\"value\"}}");
        }
        Map<String, String> values = new HashMap<>();
        for (String section : List.of("Parameters", logicalId)) {
            root.path(section).fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        }
        return values;
    }

    private Path artifact(SamTemplate.Function function) throws IOException, InterruptedException {
        Path module = projectRoot.resolve(function.codeUri());
        Optional<Path> jar = findJar(module);
        if (jar.isEmpty() || isStale(jar.get(), module)) {
            log.println("invoke: building " + function.codeUri() + " ...");
            Process build = new ProcessBuilder(projectRoot.resolve("mvnw").toString(), "-q", "-B", "-DskipTests",
                    "-pl", function.codeUri(), "-am", "package")
                    .directory(projectRoot.toFile()).redirectErrorStream(true).start();
            try (InputStream out = build.getInputStream()) {
                copy(out, log);
            }
            if (build.waitFor() != 0) {
                throw new IOException("build of " + function.codeUri() + " failed");
            }
            jar = findJar(module);
        }
        return jar.orElseThrow(() -> new IOException("no jar in " + module.resolve("target") + " after the build"));
    }

    private static Optional<Path> findJar(Path module) throws IOException {
        Path target = module.resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".jar") && !name.startsWith("original-") && !name.endsWith("-sources.jar")
                        && !name.endsWith("-tests.jar");
            }).max(Comparator.comparingLong(p -> p.toFile().lastModified()));
        }
    }

    private boolean isStale(Path jar, Path module) throws IOException {
        long built = jar.toFile().lastModified();
        for (Path sources : List.of(module.resolve("src/main"), projectRoot.resolve("shared/src/main"))) {
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                if (files.anyMatch(p -> p.toFile().lastModified() > built)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Path cliClasses() {
        return projectRoot.resolve("cli/target/classes");
    }

    /** Where the bootstrap's {@link LocalLambdaContext} comes from: testkit's classes or jar, after the function's. */
    private static Path testkitClasses() {
        try {
            return Path.of(LocalLambdaContext.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate testkit's classes: " + e.getMessage(), e);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
        out.flush();
    }
}
