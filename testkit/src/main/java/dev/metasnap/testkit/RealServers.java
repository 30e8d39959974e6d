package dev.metasnap.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests real servers: one etcd per test and one S3Proxy per
 * test run, both on free loopback ports and stopped afterwards. Declare parameters of type
 * {@link EtcdProcess} or {@link S3ProxyProcess}.
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
        // one etcd per test: restores and generated clusters need an empty keyspace
        return context.getStore(ExtensionContext.Namespace.create(RealServers.class))
                .computeIfAbsent(EtcdProcess.class, k -> EtcdProcess.start(), EtcdProcess.class);
    }
}
