package dev.hubresponder.containment.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger's pre-state JSON, as release reads it back, including records written before a field existed. */
class PreStateJsonTest {

    @Test
    void aPreStateRecordedBeforeInterfacesCarriedTheirTagsStillReads() {
        String recordedEarlier = """
                {"instanceId":"i-0abc","vpcId":"vpc-1","runState":"running","tags":{"team":"payments"},
                 "terminationProtection":false,"shutdownBehavior":"stop",
                 "interfaces":[{"interfaceId":"eni-1","vpcId":"vpc-1","deviceIndex":0,"groupIds":["sg-app"],
                                "requesterManaged":false}],
                 "autoScaling":null,"targetRegistrations":[],"volumeIds":["vol-1"]}""";

        InstanceDescription pre = PreStateJson.read(recordedEarlier).orElseThrow();

        assertThat(pre.interfaces()).singleElement().satisfies(eni -> {
            assertThat(eni.groupIds()).containsExactly("sg-app");
            assertThat(eni.tags()).isEmpty();
        });
    }

    @Test
    void interfaceTagsAreRecordedAndReadBack() {
        InstanceDescription live = new InstanceDescription("i-0abc", "vpc-1", "running", Map.of(), false, "stop",
                List.of(new InstanceDescription.NetworkInterface("eni-1", "vpc-1", 0, List.of("sg-app"), false,
                        Map.of("hub-responder:protected", "true"))), null, List.of(), List.of());

        InstanceDescription read = PreStateJson.read(PreStateJson.write(live)).orElseThrow();

        assertThat(read).isEqualTo(live);
        assertThat(read.interfacesCarryingTag("hub-responder:protected", "TRUE")).hasSize(1);
    }
}
