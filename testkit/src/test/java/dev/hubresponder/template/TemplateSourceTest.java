package dev.hubresponder.template;

import dev.hubresponder.testkit.CfnYaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * template.yaml as written: how each function is built, that wildcard resources are explained, and that the
 * custom action ids agree everywhere they appear.
 * Preconditions: none (pure JVM).
 */
class TemplateSourceTest {
    private static final Pattern ACTION_TARGET_ARN = Pattern.compile(":action/custom/([A-Za-z0-9]+)$");

    private final SamTemplate template = SamTemplate.load(Repository.file("template.yaml"));

    @Test
    void everyFunctionIsBuiltByItsModulesMakefileThroughTheReactor() throws IOException {
        Map<String, Map<String, Object>> functions = template.functions();
        assertThat(functions).hasSize(9);
        for (Map.Entry<String, Map<String, Object>> function : functions.entrySet()) {
            String id = function.getKey();
            assertThat(SamTemplate.map(template.resource(id), "Metadata").get("BuildMethod")).as(id)
                    .isEqualTo("makefile");
            Path makefile = Repository.file((String) function.getValue().get("CodeUri")).resolve("Makefile");
            assertThat(makefile).as(id).isRegularFile();
            String text = Files.readString(makefile);
            assertThat(text).as(makefile.toString()).contains("build-" + id + ":", "lambda-build.mk");
        }
    }

    /** NoCredentialsInLogsTest (waf-block) proves its logging configuration keeps credentials out at DEBUG. */
    @Test
    void everyFunctionShipsTheLoggingConfigurationThatKeepsCredentialsOutOfTheLog() throws IOException {
        String checked = Files.readString(Repository.file("functions/waf-block/src/main/resources/log4j2.properties"));
        for (Map<String, Object> function : template.functions().values()) {
            Path config = Repository.file((String) function.get("CodeUri")).resolve("src/main/resources/log4j2.properties");
            if (Files.exists(config)) {
                assertThat(Files.readString(config)).as(config.toString()).isEqualTo(checked);
            }
        }
        assertThat(checked).contains("logger.sdk.filter.threshold.level = INFO",
                "logger.apache.filter.threshold.level = INFO", "logger.urlconnection.filter.threshold.level = INFO");
    }

    @Test
    void everyHandlerIsARequestStreamHandlerMethodInTheFunctionsPackage() {
        template.functions().forEach((id, properties) -> assertThat((String) properties.get("Handler")).as(id)
                .matches("dev\\.hubresponder\\.functions\\.[a-z0-9]+\\.[A-Z][A-Za-z]+Handler::handleRequest"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"template.yaml", "pipeline/bootstrap.yaml"})
    void everyWildcardResourceSaysWhy(String file) throws IOException {
        List<String> lines = Files.readAllLines(Repository.file(file));
        List<String> unexplained = new ArrayList<>();
        int wildcards = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.matches("\\s*Resource: \"\\*\".*")) {
                wildcards++;
                boolean commented = line.matches(".*#\\s*\\S.*") || i > 0 && lines.get(i - 1).trim().startsWith("#");
                if (!commented) {
                    unexplained.add((i + 1) + ": " + line.trim());
                }
            }
        }
        assertThat(wildcards).as("wildcard resources found in " + file).isPositive();
        assertThat(unexplained).as("Resource \"*\" without a comment saying why, in " + file).isEmpty();
    }

    @Test
    void customActionIdsAgreeAcrossTargetsRulesAndConfiguration() throws IOException {
        List<Object> declared = (List<Object>) SamTemplate.map(template.resource("SecurityHubActionTargets"),
                "Properties").get("ActionTargets");
        Set<String> targetIds = new TreeSet<>();
        for (Object item : declared) {
            Map<String, Object> target = SamTemplate.asMap(item);
            String id = (String) target.get("Id");
            assertThat(id).matches("[A-Za-z0-9]{1,20}");
            assertThat((String) target.get("Name")).as(id + " name").hasSizeBetween(1, 20);
            targetIds.add(id);
        }

        Set<String> routedIds = new TreeSet<>();
        template.functions().values().forEach(function -> SamTemplate.map(function, "Events").values().forEach(e -> {
            Object pattern = SamTemplate.map(SamTemplate.asMap(e), "Properties").get("Pattern");
            if (pattern != null) {
                for (Object resource : (List<Object>) SamTemplate.asMap(pattern).getOrDefault("resources", List.of())) {
                    Matcher m = ACTION_TARGET_ARN.matcher((String) SamTemplate.asMap(resource).get("Fn::Sub"));
                    assertThat(m.find()).as(resource.toString()).isTrue();
                    routedIds.add(m.group(1));
                }
            }
        }));

        Set<String> configuredIds = idsOf(template.parameterDefaults().get("CustomActions"));
        Set<String> codeDefaultIds = idsOf(javaDefaultCustomActions());

        assertThat(targetIds).hasSize(7);
        assertThat(routedIds).as("ids routed by CustomAction rules").isEqualTo(targetIds);
        assertThat(configuredIds).as("CustomActions parameter").isEqualTo(targetIds);
        assertThat(codeDefaultIds).as("ResponderConfig.DEFAULT_CUSTOM_ACTIONS").isEqualTo(targetIds);
    }

    @Test
    void globalsPassEveryResponderVariableFromAParameter() throws IOException {
        Map<String, Object> variables = SamTemplate.map(SamTemplate.map(template.globalsFunction(), "Environment"),
                "Variables");
        Set<String> expected = SamTransformTest.responderVariablesReadByTheCode();
        Set<String> given = variables.keySet().stream().filter(k -> k.startsWith("RESPONDER_"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(given).isEqualTo(expected);
        Set<String> parameters = SamTemplate.map(Map.of("p", CfnYaml.load(Repository.file("template.yaml"))
                .get("Parameters")), "p").keySet();
        for (String variable : expected) {
            Object ref = SamTemplate.asMap(variables.get(variable)).get("Ref");
            assertThat(parameters).as(variable + " comes from a parameter").contains((String) ref);
        }
    }

    private static Set<String> idsOf(String customActions) {
        return Arrays.stream(customActions.split(",")).map(e -> e.substring(0, e.indexOf('=')).trim())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** ResponderConfig.DEFAULT_CUSTOM_ACTIONS, read from its source (testkit does not depend on shared). */
    private static String javaDefaultCustomActions() throws IOException {
        String source = Files.readString(Repository.file(
                "shared/src/main/java/dev/hubresponder/config/ResponderConfig.java"));
        Matcher declaration = Pattern.compile("DEFAULT_CUSTOM_ACTIONS\\s*=([^;]+);").matcher(source);
        assertThat(declaration.find()).as("DEFAULT_CUSTOM_ACTIONS in ResponderConfig.java").isTrue();
        return Pattern.compile("\"([^\"]*)\"").matcher(declaration.group(1)).results().map(r -> r.group(1))
                .collect(Collectors.joining());
    }
}
