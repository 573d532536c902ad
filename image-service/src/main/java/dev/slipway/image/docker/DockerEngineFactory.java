package dev.slipway.image.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The one {@link DockerClient} of the service, over docker-java's httpclient5 transport. */
@Factory
public class DockerClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    DockerClient dockerClient(DockerConfiguration configuration) {
        return connect(configuration);
    }

    /** Also used by tests and benchmarks, so that they talk to the engine exactly as the service does. */
    public static DockerClient connect(DockerConfiguration configuration) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(configuration.host())
                .build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(configuration.connectTimeout())
                .responseTimeout(configuration.responseTimeout())
                .maxConnections(32)
                .build());
    }
}
