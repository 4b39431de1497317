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
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./responder}: the responder on a developer's machine.
 * <ul>
 *   <li>{@code plan <event.json> [--json]}: what the responder would do with an event; no AWS access needed.</li>
 *   <li>{@code demo}: every function end to end on an emulated account ({@link Demo}).</li>
 *   <li>{@code invoke <FunctionLogicalId> <event.json> [--env-vars f]}: one function's handler ({@link LocalInvoker}).</li>
 *   <li>{@code release <instance-id | task ARN | access-key-id | role ARN>}, {@code unblock <address>}: the release
 *       custom action for what the
 *       ledger recorded ({@link ReleaseFromLedger}).</li>
 * </ul>
 * Reads the same {@code RESPONDER_*} environment variables as the functions.
 */
public final class Responder {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: responder <command> [arguments]

              plan <event.json> [--json]   show what the responder would do with a Security Hub event, or
                                           with findings exported by 'aws securityhub get-findings'
                                           (intake, routing and guards; no AWS access needed)
              demo                         watch the whole responder work on an emulated AWS account (moto on
                                           127.0.0.1): containment, blocks, tickets, alerts, refusals, release
              invoke <FunctionLogicalId> <event.json> [--env-vars env.json]
                                           run that function's real handler on the event, the way Lambda
                                           would, against AWS_ENDPOINT_URL (an emulator) or real AWS
              release <instance-id | task-ARN | access-key-id | role-ARN> [--env-vars env.json]
                                           undo the newest containment of that instance, task, key or role
                                           recorded in the ledger (LEDGER_TABLE), through its function
              unblock <address> [--env-vars env.json]
                                           remove an address the responder blocked from the WAF block set,
                                           through BlockAddressesFunction
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
            case "release" -> release(rest, false);
            case "unblock" -> release(rest, true);
            case "demo" -> demo(rest);
            default -> {
                err.println("responder: unknown command '" + args[0] + "'");
                err.print(USAGE_TEXT);
                yield USAGE;
            }
        };
    }

    private int invoke(List<String> args) {
        CommandArguments arguments = CommandArguments.parse(args);
        List<String> positional = arguments.positional();
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
            return invokeAndReport("invoke", projectRoot(), function, event,
                    arguments.overrides(function, new ObjectMapper()));
        } catch (IllegalArgumentException | IOException e) {
            err.println("responder invoke: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("responder invoke: interrupted");
            return FAILED;
        }
    }

    private int demo(List<String> args) {
        if (!args.isEmpty()) {
            err.println("responder demo: takes no arguments");
            return USAGE;
        }
        try {
            new Demo(projectRoot(), env, out).run();
            return OK;
        } catch (Demo.CheckFailedException e) {
            err.println("responder demo: " + e.getMessage());
            return FAILED;
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
            err.println("responder demo: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("responder demo: interrupted");
            return FAILED;
        }
    }

    private int release(List<String> args, boolean unblock) {
        String command = unblock ? "unblock" : "release";
        CommandArguments arguments = CommandArguments.parse(args);
        List<String> positional = arguments.positional();
        if (positional.size() != 1) {
            err.println(unblock
                    ? "responder unblock: give one address, e.g. responder unblock 203.0.113.9 [--env-vars env.json]"
                    : "responder release: give one instance id, task ARN, access key id or role ARN, e.g."
                    + " responder release i-0abc..."
                    + " [--env-vars env.json]");
            return USAGE;
        }
        ObjectMapper mapper = new ObjectMapper();
        try {
            Path root = projectRoot();
            String probe = unblock ? "BlockAddressesFunction" : "QuarantineInstanceFunction";
            Map<String, String> overrides = arguments.overrides(probe, mapper);
            Map<String, String> functionEnv = new java.util.HashMap<>(env);
            functionEnv.putAll(SamTemplate.read(root.resolve("template.yaml"),
                    LocalInvoker.where(env, overrides, err)).function(probe).environment());
            functionEnv.putAll(overrides);
            String table = firstNonBlank(overrides.get("LEDGER_TABLE"), env.get("LEDGER_TABLE"), "LedgerTable");
            String region = firstNonBlank(functionEnv.get("AWS_REGION"), functionEnv.get("AWS_DEFAULT_REGION"),
                    "us-east-1");
            ReleaseFromLedger.Request request;
            try (DynamoDbClient dynamo = LedgerClient.build(functionEnv, region)) {
                ReleaseFromLedger releases = new ReleaseFromLedger(new DynamoDbActionLedger(dynamo, table), table,
                        ResponderConfig.fromEnv(functionEnv).customActions(), region, mapper, Clock.systemUTC());
                request = unblock ? releases.unblock(positional.get(0)) : releases.release(positional.get(0));
            }
            err.println("responder " + command + ": " + request.record().ledgerId() + " ("
                    + request.record().key().action() + " of " + request.record().key().target() + " for finding "
                    + request.record().key().findingId() + ", " + request.record().state() + ") → "
                    + request.functionLogicalId());
            Path event = Files.createTempFile("hub-responder-" + command + "-", ".json");
            try {
                Files.writeString(event, mapper.writeValueAsString(request.event()));
                return invokeAndReport(command, root, request.functionLogicalId(), event,
                        arguments.overrides(request.functionLogicalId(), mapper));
            } finally {
                Files.deleteIfExists(event);
            }
        } catch (ReleaseFromLedger.NothingToReleaseException e) {
            err.println("responder " + command + ": " + e.getMessage());
            return FAILED;
        } catch (ConfigurationException | IllegalArgumentException | IOException | SdkException e) {
            err.println("responder " + command + ": " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("responder " + command + ": interrupted");
            return FAILED;
        }
    }

    /** Runs one function as Lambda would and passes on what it said: its result on stdout, a failure on stderr. */
    private int invokeAndReport(String command, Path root, String function, Path event,
            Map<String, String> overrides) throws IOException, InterruptedException {
        LocalInvoker.Result result = new LocalInvoker(root, env, err).invoke(function, event, overrides);
        out.println(result.output());
        if (result.failed()) {
            err.println("responder " + command + ": " + function + " failed (exit " + result.exitCode() + ")");
            return FAILED;
        }
        return OK;
    }

    /** A command's positional arguments and the {@code --env-vars} file it names, if any. */
    private record CommandArguments(List<String> positional, Path envVars) {
        static CommandArguments parse(List<String> args) {
            List<String> positional = new java.util.ArrayList<>();
            Path envVars = null;
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals("--env-vars") && i + 1 < args.size()) {
                    envVars = Path.of(args.get(++i));
                } else {
                    positional.add(args.get(i));
                }
            }
            return new CommandArguments(positional, envVars);
        }

        /** The env-vars file's variables for one function ({@code Parameters}, then its own section), else none. */
        Map<String, String> overrides(String function, ObjectMapper mapper) throws IOException {
            return envVars == null ? Map.of() : LocalInvoker.envVarsFile(envVars, function, mapper);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
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
            byte[] bytes = Files.readAllBytes(file);
            var input = new PlanInput(mapper).read(bytes);
            input.flatMap(PlanInput.Read::note).ifPresent(note -> err.println("responder plan: " + note));
            Plan plan = input.isPresent() ? planner.plan(input.get().event()) : planner.plan(bytes);
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
