package dev.hubresponder.aws.ec2;

import dev.hubresponder.containment.ec2.RetryableContainmentException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sorts AWS SDK failures into the two kinds containment treats differently: worth retrying later (thrown on as
 * {@link RetryableContainmentException}, after the SDK's own retries gave up) and permanent (described, so that the
 * ledger and the note say what AWS refused).
 */
final class AwsFailures {
    private AwsFailures() {
    }

    /**
     * Throws {@link RetryableContainmentException} for throttling, 5xx answers and failures to reach AWS; returns a
     * description of any other failure, naming what was being done.
     */
    static String permanentOrThrow(String doing, SdkException e) {
        if (isRetryable(e)) {
            throw new RetryableContainmentException(doing + " failed, worth retrying: " + describe(e), e);
        }
        return doing + " failed: " + describe(e);
    }

    static boolean isRetryable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return false;
    }

    static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            return code == null ? "" : code;
        }
        return "";
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
