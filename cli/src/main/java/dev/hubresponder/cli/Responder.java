package dev.hubresponder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.plan.ResponsePlanner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ./responder}: the responder on a developer's machine.
 * <ul>
 *   <li>{@code plan <event.json> [--json]}: what the responder would do with an event; no AWS access needed.</li>
 * </ul>
 * Reads the same {@code RESPONDER_*} environment variables as the functions.
 */
public final class Responder {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: responder <command> [arguments]

              plan <event.json> [--json]   show what the responder would do with a Security Hub event
                                           (intake, routing and guards; no AWS access needed)
              invoke <FunctionLogicalId> <event.json> [--env-vars env.json]
                                           run that function's real handler on the event, the way Lambda
                                           would, against AWS_ENDPOINT_URL (an emulator) or real AWS
            """;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    Responder(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Responder(System.getenv(), System.out, System.err).run(args));
    }

    int run(String... args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return switch (args[0]) {
            case "plan" -> plan(rest);
            case "invoke" -> invoke(rest);
            default -> {
                err.println("responder: unknown command '" + args[0] + "'");
                err.print(USAGE_TEXT);
                yield USAGE;
            }
        };
    }

    private int invoke(List<String> args) {
        List<String> positional = new java.util.ArrayList<>();
        Path envVars = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--env-vars") && i + 1 < args.size()) {
                envVars = Path.of(args.get(++i));
            } else {
                positional.add(args.get(i));
            }
        }
        if (positional.size() != 2) {
            err.println("responder invoke: give a function's logical id and an event file, e.g. "
                    + "responder invoke QuarantineInstanceFunction events/x.json [--env-vars env.json]");
            return USAGE;
        }
        String function = positional.get(0);
        Path event = Path.of(positional.get(1));
        if (!Files.isRegularFile(event)) {
            err.println("responder invoke: no such file: " + event);
            return FAILED;
        }
        try {
            Map<String, String> overrides = envVars == null ? Map.of()
                    : LocalInvoker.envVarsFile(envVars, function, new ObjectMapper());
            LocalInvoker.Result result = new LocalInvoker(projectRoot(), env, err).invoke(function, event, overrides);
            out.println(result.output());
            if (result.failed()) {
                err.println("responder invoke: " + function + " failed (exit " + result.exitCode() + ")");
                return FAILED;
            }
            return OK;
        } catch (IllegalArgumentException | IOException e) {
            err.println("responder invoke: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("responder invoke: interrupted");
            return FAILED;
        }
    }

    private Path projectRoot() {
        return Path.of(env.getOrDefault("HUB_RESPONDER_HOME", ".")).toAbsolutePath().normalize();
    }

    private int plan(List<String> args) {
        boolean json = args.contains("--json");
        List<String> files = args.stream().filter(a -> !a.equals("--json")).toList();
        if (files.size() != 1 || files.get(0).startsWith("-")) {
            err.println("responder plan: give exactly one event file, e.g. responder plan events/x.json [--json]");
            return USAGE;
        }
        Path file = Path.of(files.get(0));
        ObjectMapper mapper = new ObjectMapper();
        try {
            ResponsePlanner planner = new ResponsePlanner(ResponderConfig.fromEnv(env), mapper);
            Plan plan = planner.plan(Files.readAllBytes(file));
            if (json) {
                out.println(mapper.copy().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(new PlanReport(mapper).json(plan)));
            } else {
                out.print(new PlanReport(mapper).table(plan));
            }
            return OK;
        } catch (NoSuchFileException e) {
            err.println("responder plan: no such file: " + file);
            return FAILED;
        } catch (IOException e) {
            err.println("responder plan: cannot read " + file + ": " + e.getMessage());
            return FAILED;
        } catch (MalformedEventException e) {
            err.println("responder plan: " + file + " is not a Security Hub event: " + e.getMessage());
            return FAILED;
        } catch (ConfigurationException e) {
            err.println("responder: configuration error: " + e.getMessage());
            return FAILED;
        }
    }
}
