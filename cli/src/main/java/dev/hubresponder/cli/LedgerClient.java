package dev.hubresponder.cli;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB client {@code release} and {@code unblock} read the ledger with, from the same environment the
 * function will get (shell, template, {@code --env-vars}): {@code AWS_ENDPOINT_URL_DYNAMODB} or
 * {@code AWS_ENDPOINT_URL} for an emulator, keys when that environment names them, else the usual credential chain.
 */
final class LedgerClient {
    private LedgerClient() {
    }

    static DynamoDbClient build(Map<String, String> env, String region) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials(env));
        String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null && !key.isBlank() && !secret.isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
