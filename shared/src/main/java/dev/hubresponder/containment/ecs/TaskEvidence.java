package dev.hubresponder.containment.ecs;

/**
 * What the ledger keeps, as the record's pre-state, about a task before the responder stops it: the task as ECS
 * described it (with the tags {@code StopTask} deletes) and its service.
 *
 * @param capturedAt           when it was read (ISO-8601)
 * @param task                 the task
 * @param service              its service, or null for a standalone task or a service that no longer exists
 * @param serviceLookupProblem why the service is null although the task names one, else null
 */
public record TaskEvidence(String capturedAt, TaskSnapshot task, ServiceSnapshot service,
                           String serviceLookupProblem) {
}
