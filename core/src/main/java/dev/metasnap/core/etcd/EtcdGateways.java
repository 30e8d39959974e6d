package dev.metasnap.core.etcd;

import dev.metasnap.config.EtcdSettings;

/** Opens an {@link EtcdGateway}; jobs get one injected so tests can wrap the real one. */
@FunctionalInterface
public interface EtcdGateways {

    EtcdGateway connect(EtcdSettings settings);

    static EtcdGateways real() {
        return JetcdGateway::connect;
    }
}
