package dev.hubresponder.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the intrinsic functions an EventBridge pattern or a policy may use (Ref, Fn::Sub, Fn::Split,
 * Fn::Join) with given values for parameters and pseudo parameters, as CloudFormation would at deploy time.
 * Anything else (a resource attribute, a condition) cannot be known before deployment and is refused.
 */
final class Intrinsics {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> values;

    Intrinsics(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Parameter defaults plus the pseudo parameters of one account, Region and stack. */
    static Intrinsics forDeployment(Map<String, String> parameterDefaults, String region, String account) {
        Map<String, String> values = new HashMap<>(parameterDefaults);
        values.put("AWS::Region", region);
        values.put("AWS::AccountId", account);
        values.put("AWS::Partition", "aws");
        values.put("AWS::StackName", "hub-responder");
        values.put("AWS::URLSuffix", "amazonaws.com");
        return new Intrinsics(values);
    }

    @SuppressWarnings("unchecked")
    Object resolve(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = (String) map.keySet().iterator().next();
                Object argument = map.get(key);
                switch (key) {
                    case "Ref":
                        return value((String) argument);
                    case "Fn::Sub":
                        return sub(argument);
                    case "Fn::Split": {
                        List<Object> args = (List<Object>) argument;
                        String text = (String) resolve(args.get(1));
                        return new ArrayList<>(Arrays.asList(text.split(Pattern.quote((String) args.get(0)), -1)));
                    }
                    case "Fn::Join": {
                        List<Object> args = (List<Object>) argument;
                        List<Object> parts = (List<Object>) resolve(args.get(1));
                        return String.join((String) args.get(0), parts.stream().map(String::valueOf).toList());
                    }
                    default:
                        if (key.startsWith("Fn::") || key.equals("Condition")) {
                            throw new IllegalArgumentException("cannot evaluate " + key + " before deployment: " + map);
                        }
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((k, v) -> resolved.put((String) k, resolve(v)));
            return resolved;
        }
        if (node instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            list.forEach(item -> resolved.add(resolve(item)));
            return resolved;
        }
        return node;
    }

    private String value(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no value for " + name + " (a resource, or a parameter without default)");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private String sub(Object argument) {
        String template;
        Map<String, String> local = new HashMap<>();
        if (argument instanceof List<?> list) {
            template = (String) list.get(0);
            ((Map<String, Object>) list.get(1)).forEach((k, v) -> local.put(k, String.valueOf(resolve(v))));
        } else {
            template = (String) argument;
        }
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = local.containsKey(name) ? local.get(name) : value(name);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
