package dev.metasnap.cli;

import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.store.ObjectStores;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * What the command line takes from the outside world: how to reach etcd and object stores,
 * environment variables, and the default home. Tests pass their own.
 */
public record CliEnvironment(EtcdGateways etcdGateways, ObjectStores objectStores, UnaryOperator<String> env, Path defaultHome) {

    public static CliEnvironment system() {
        return new CliEnvironment(EtcdGateways.real(), ObjectStores.real(), System::getenv,
                Path.of(System.getProperty("user.home"), ".metasnap"));
    }

    public String getenv(String name) {
        String value = env.apply(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
