package dev.hubresponder.aws;

import dev.hubresponder.config.ConfigurationException;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Where an SDK client in a Lambda function gets its Region and credentials, said explicitly instead of left to the
 * SDK's default chains (which would also look at system properties, profile files, web identity and the instance
 * metadata service, none of which exist on Lambda, and load their classes at init).
 *
 * <p>Credentials: the execution role's keys in {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/
 * {@code AWS_SESSION_TOKEN}, or, on a SnapStart function, the container credentials endpoint
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}), which Lambda uses instead of the keys so that a restored snapshot
 * never runs on credentials captured at checkpoint. Only the provider is built here; nothing is resolved until the
 * first call, so nothing secret is taken into a snapshot. Endpoints still come from {@code AWS_ENDPOINT_URL*},
 * read by the SDK, which is how tests and the benchmarks point the functions at an emulator.
 */
public final class LambdaSdk {
    private static final AwsCredentialsProvider CREDENTIALS = AwsCredentialsProviderChain.builder()
            .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                    ContainerCredentialsProvider.builder().build())
            .build();

    private LambdaSdk() {
    }

    /** The function's Region, from {@code AWS_REGION}, which Lambda always sets. */
    public static Region region(Map<String, String> env) {
        String name = env.get("AWS_REGION");
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("AWS_REGION must name the Region the function runs in");
        }
        return Region.of(name.trim());
    }

    /** The execution role's credentials, from the environment or the container endpoint (SnapStart). */
    public static AwsCredentialsProvider credentials() {
        return CREDENTIALS;
    }

    /** The builder with the function's Region and the execution role's credentials provider set. */
    public static <B extends AwsClientBuilder<B, C>, C> B configure(B builder, Map<String, String> env) {
        return builder.region(region(env)).credentialsProvider(CREDENTIALS);
    }
}
