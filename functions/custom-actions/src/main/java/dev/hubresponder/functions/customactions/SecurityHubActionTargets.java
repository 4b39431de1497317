package dev.hubresponder.functions.customactions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.InvalidAccessException;
import software.amazon.awssdk.services.securityhub.model.ResourceConflictException;
import software.amazon.awssdk.services.securityhub.model.ResourceNotFoundException;

/** {@link ActionTargets} on Security Hub's API (CreateActionTarget, DescribeActionTargets, ...). */
final class SecurityHubActionTargets implements ActionTargets {

    private final SecurityHubClient securityHub;

    SecurityHubActionTargets(SecurityHubClient securityHub) {
        this.securityHub = securityHub;
    }

    /**
     * The production client: Region from AWS_REGION, the Apache HTTP client (UpdateActionTarget is a PATCH, which
     * the URL-connection client cannot send), and call timeouts well inside the function's own timeout.
     */
    static SecurityHubActionTargets fromEnvironment(Map<String, String> env) {
        String region = env.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set: the function cannot tell which hub to manage");
        }
        SecurityHubClient client = SecurityHubClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20))
                        .apiCallAttemptTimeout(Duration.ofSeconds(5)))
                .build();
        return new SecurityHubActionTargets(client);
    }

    @Override
    public List<ExistingActionTarget> list() {
        try {
            return securityHub.describeActionTargetsPaginator(r -> { }).actionTargets().stream()
                    .map(t -> new ExistingActionTarget(t.actionTargetArn(), t.name(), t.description()))
                    .toList();
        } catch (SdkException e) {
            throw new ActionTargetException("listing the action targets failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String create(ActionTargetSpec spec) {
        try {
            return securityHub.createActionTarget(r -> r.id(spec.id()).name(spec.name())
                    .description(spec.description())).actionTargetArn();
        } catch (ResourceConflictException e) {
            return null;
        } catch (SdkException e) {
            throw new ActionTargetException("creating action target " + spec.id() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void update(String arn, ActionTargetSpec spec) {
        try {
            securityHub.updateActionTarget(r -> r.actionTargetArn(arn).name(spec.name())
                    .description(spec.description()));
        } catch (SdkException e) {
            throw new ActionTargetException("updating action target " + spec.id() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Deletion delete(String arn) {
        try {
            securityHub.deleteActionTarget(r -> r.actionTargetArn(arn));
            return Deletion.DELETED;
        } catch (ResourceNotFoundException e) {
            return Deletion.ALREADY_GONE;
        } catch (InvalidAccessException e) {
            // Security Hub answers this when it is not enabled in the account and Region, and disabling it
            // deleted its action targets with it.
            return Deletion.ALREADY_GONE;
        } catch (SdkException e) {
            throw new ActionTargetException("deleting action target " + arn + " failed: " + e.getMessage(), e);
        }
    }
}
