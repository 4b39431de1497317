package dev.hubresponder.functions.customactions;

import dev.hubresponder.functions.customactions.ActionTargets.Deletion;
import dev.hubresponder.functions.customactions.CustomResourceRequest.HubLocation;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The custom resource's behaviour: Create makes the declared action targets (keeping those that already exist),
 * Update reconciles them with the new declaration, Delete removes the ones the stack declared. Every request gets
 * an answer: SUCCESS, or FAILED with what went wrong to which target. Targets the stack never declared (an
 * analyst's own custom actions) are never touched.
 */
final class ActionTargetsResource {
    private static final System.Logger LOG = System.getLogger(ActionTargetsResource.class.getName());

    private final ActionTargets targets;

    ActionTargetsResource(ActionTargets targets) {
        this.targets = targets;
    }

    CloudFormationResponse handle(CustomResourceRequest request) {
        try {
            return switch (request.type()) {
                case CREATE -> reconcile(request, List.of());
                case UPDATE -> reconcile(request, request.previouslyDeclaredIds());
                case DELETE -> delete(request);
            };
        } catch (InvalidRequestException | ActionTargetException e) {
            LOG.log(Level.ERROR, "{0} of {1} failed: {2}", request.type(), request.logicalResourceId(),
                    e.getMessage());
            return CloudFormationResponse.failed(request, request.type() + " failed: " + e.getMessage());
        }
    }

    private CloudFormationResponse reconcile(CustomResourceRequest request, List<String> previousIds) {
        List<ActionTargetSpec> desired = request.desiredTargets();
        HubLocation hub = request.hub();
        Map<String, ExistingActionTarget> existing = targets.list().stream()
                .collect(Collectors.toMap(ExistingActionTarget::id, Function.identity(), (a, b) -> a));

        Map<String, String> arns = new LinkedHashMap<>();
        int created = 0;
        int updated = 0;
        for (ActionTargetSpec spec : desired) {
            ExistingActionTarget found = existing.get(spec.id());
            if (found == null) {
                String arn = targets.create(spec);
                arns.put(spec.id(), arn != null ? arn : hub.actionTargetArn(spec.id()));
                created++;
                LOG.log(Level.INFO, "action target {0} created", spec.id());
            } else if (!spec.matches(found)) {
                targets.update(found.arn(), spec);
                arns.put(spec.id(), found.arn());
                updated++;
                LOG.log(Level.INFO, "action target {0} updated", spec.id());
            } else {
                arns.put(spec.id(), found.arn());
            }
        }

        // Removed only after the new ones exist, so a failure part-way leaves working targets behind.
        Set<String> desiredIds = new HashSet<>(arns.keySet());
        int deleted = 0;
        for (String id : previousIds) {
            if (!desiredIds.contains(id)) {
                targets.delete(hub.actionTargetArn(id));
                deleted++;
                LOG.log(Level.INFO, "action target {0} deleted: no longer declared", id);
            }
        }
        int unchanged = desired.size() - created - updated;
        return CloudFormationResponse.success(request, "action targets: " + created + " created, " + updated
                + " updated, " + unchanged + " unchanged, " + deleted + " deleted", arns);
    }

    private CloudFormationResponse delete(CustomResourceRequest request) {
        HubLocation hub = request.hub();
        int deleted = 0;
        int gone = 0;
        for (String id : request.previouslyDeclaredIds()) {
            if (targets.delete(hub.actionTargetArn(id)) == Deletion.DELETED) {
                deleted++;
                LOG.log(Level.INFO, "action target {0} deleted", id);
            } else {
                gone++;
                LOG.log(Level.INFO, "action target {0} was already gone", id);
            }
        }
        return CloudFormationResponse.success(request, "action targets: " + deleted + " deleted, " + gone
                + " already gone", Map.of());
    }
}
