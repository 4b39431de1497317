package dev.hubresponder.functions.customactions;

import java.util.regex.Pattern;

/**
 * One Security Hub custom action target as the template declares it.
 *
 * @param id          the target id, the last part of its ARN; rules route on that ARN
 * @param name        the name analysts see in the console's Actions menu
 * @param description what choosing it does
 */
record ActionTargetSpec(String id, String name, String description) {

    /** Security Hub's limits: ids up to 20 alphanumeric characters, names up to 20 characters. */
    static final int MAX_ID_LENGTH = 20;
    static final int MAX_NAME_LENGTH = 20;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1," + MAX_ID_LENGTH + "}");

    ActionTargetSpec {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidRequestException("action target id '" + id + "' must be 1 to " + MAX_ID_LENGTH
                    + " letters or digits");
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new InvalidRequestException("action target " + id + ": name '" + name + "' must be 1 to "
                    + MAX_NAME_LENGTH + " characters");
        }
        if (description == null || description.isBlank()) {
            throw new InvalidRequestException("action target " + id + ": description must not be empty");
        }
    }

    /** True when an existing target already has this name and description. */
    boolean matches(ExistingActionTarget existing) {
        return name.equals(existing.name()) && description.equals(existing.description());
    }
}
