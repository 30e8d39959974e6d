package dev.metasnap.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that gives tests real servers on free loopback ports: an empty etcd per test
 * (from {@link EtcdPool}, so a server is reused once wiped) and one S3Proxy per test run.
 * Declare parameters of type {@link EtcdProcess} or {@link S3ProxyProcess}.
 */
public final class RealServers implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EtcdProcess.class || type == S3ProxyProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == S3ProxyProcess.class) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(S3ProxyProcess.class, k -> S3ProxyProcess.start(), S3ProxyProcess.class);
        }
        // an empty keyspace per test: restores and generated clusters need one
        return context.getStore(ExtensionContext.Namespace.create(RealServers.class))
                .computeIfAbsent(Lease.class, k -> new Lease(EtcdPool.take()), Lease.class).process();
    }

    /** A server lent to one test, given back to the pool when the test's context closes. */
    private record Lease(EtcdProcess process) implements AutoCloseable {
        @Override
        public void close() {
            EtcdPool.giveBack(process);
        }
    }
}
