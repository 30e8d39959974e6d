package dev.metasnap.core.params;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.config.EtcdSettings;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServers.class)
class SystemParamsTest {

    @Test
    void aParamIsReadAsItWasAtARevisionAndNeverByALongerNameItBegins(EtcdProcess etcd) {
        try (EtcdGateway gateway = EtcdGateways.real().connect(EtcdSettings.of(etcd.endpoint()))) {
            SystemParams params = new SystemParams(gateway, "c1/");
            gateway.put(SystemParams.key("c1/", "data_directory_old"), "longer name".getBytes(StandardCharsets.UTF_8));
            long before = gateway.currentRevision();
            params.set("data_directory", "hummock_001");
            long first = gateway.currentRevision();
            params.set("data_directory", "hummock_002");

            assertEquals("c1/cf/system_params/data_directory", SystemParams.key("c1/", "data_directory"));
            assertEquals(Optional.empty(), params.get("data_directory", before));
            assertEquals(Optional.of("hummock_001"), params.get("data_directory", first));
            assertEquals(Optional.of("hummock_002"), params.get("data_directory", gateway.currentRevision()));
            assertEquals(Optional.of("hummock_002"), params.get("data_directory"));
        }
    }
}
