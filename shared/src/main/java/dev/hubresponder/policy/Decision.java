package dev.hubresponder.policy;

import dev.hubresponder.finding.Finding;
import java.util.List;
import java.util.Objects;

/**
 * What the responder decided for one finding: the actions to take and the ones refused, each with its reason.
 * An empty action list is a decision too ("nothing: archived").
 *
 * @param finding the finding decided on
 * @param actions actions to take, in the order they should run (containment before ticket before alert)
 * @param refused actions a guard refused
 * @param summary one line saying why this finding got this treatment
 * @param rule    what decided: {@code playbook rule <name>}, {@code severity tiers}, a custom action, or why
 *                nothing was done
 */
public record Decision(Finding finding, List<PlannedAction> actions, List<Refusal> refused, String summary,
                       String rule) {
    /** A decision without a named rule (custom actions, inactive findings). */
    public Decision(Finding finding, List<PlannedAction> actions, List<Refusal> refused, String summary) {
        this(finding, actions, refused, summary, null);
    }

    public Decision {
        Objects.requireNonNull(finding, "finding");
        actions = List.copyOf(actions);
        refused = List.copyOf(refused);
    }

    /** The actions of one kind, for the function that executes that kind. */
    public List<PlannedAction> actionsOf(ResponseAction action) {
        return actions.stream().filter(a -> a.action() == action).toList();
    }

    /** The refusals of one kind. */
    public List<Refusal> refusalsOf(ResponseAction action) {
        return refused.stream().filter(r -> r.action() == action).toList();
    }
}
