package dev.hubresponder.finding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Splitting ARNs into their six parts, and what is not an ARN. */
class AwsArnTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60718 | aws     | ec2         | us-east-1 | 123456789012 | instance/i-0a1b2c3d4e5f60718
        arn:aws:iam::123456789012:role/path/to/name                     | aws     | iam         |           | 123456789012 | role/path/to/name
        arn:aws-cn:s3:::bucket/key:with:colons                          | aws-cn  | s3          |           |              | bucket/key:with:colons
        arn:aws:securityhub:us-east-1::product/aws/guardduty            | aws     | securityhub | us-east-1 |              | product/aws/guardduty
        arn:a:b:::c                                                     | a       | b           |           |              | c
        """)
    void readsTheSixPartsKeepingColonsInTheResource(String text, String partition, String service, String region,
                                                    String account, String resource) {
        assertThat(AwsArn.parse(text)).isEqualTo(new AwsArn(partition, service, empty(region), empty(account),
                resource));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "arn", "arn:", "arn:aws:ec2:us-east-1:123456789012", "arn::ec2:r:a:x", "arn:aws::r:a:x",
            "arn:aws:ec2:r:a:", "ARN:aws:ec2:r:a:x", " arn:aws:ec2:r:a:x", "i-0a1b2c3d4e5f60718"})
    void refusesTextThatIsNotAnArn(String text) {
        assertThat(AwsArn.parse(text)).isNull();
    }

    private static String empty(String value) {
        return value == null ? "" : value;
    }
}
