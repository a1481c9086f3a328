package io.parley.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.PortBinding;
import io.parley.devstack.KafkaBroker;
import io.parley.devstack.Ports;
import io.parley.devstack.RedisBinary;
import io.parley.devstack.RedisServer;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and Redis as Testcontainers, where a Docker engine answers. Images are pinned. Host ports
 * are fixed at creation, so a container stopped or killed by a test comes back on the same address
 * (Docker would otherwise pick new random ports on restart).
 */
final class Containers {

  static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.1.2");
  static final DockerImageName REDIS_IMAGE = DockerImageName.parse("redis:7.4.2");
  static final RedisBinary.Version REDIS_IMAGE_VERSION = new RedisBinary.Version(7, 4, 2);

  private Containers() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static KafkaInfra kafka(List<Runnable> shutdown) {
    int hostPort = Ports.free();
    KafkaContainer container =
        new KafkaContainer(KAFKA_IMAGE)
            .withCreateContainerCmdModifier(
                cmd -> cmd.getHostConfig().withPortBindings(PortBinding.parse(hostPort + ":9092")));
    container.start();
    shutdown.add(container::stop);
    String host = container.getHost();
    ServerControl control =
        new ContainerControl(container, () -> KafkaBroker.answersMetadata(host, hostPort));
    return new KafkaInfra(container.getBootstrapServers(), InfraMode.TESTCONTAINERS, control);
  }

  static RedisInfra redis(List<Runnable> shutdown) {
    int hostPort = Ports.free();
    GenericContainer<?> container =
        new GenericContainer<>(REDIS_IMAGE)
            .withExposedPorts(6379)
            .withCommand("redis-server", "--appendonly", "yes", "--appendfsync", "always")
            .withCreateContainerCmdModifier(
                cmd -> cmd.getHostConfig().withPortBindings(PortBinding.parse(hostPort + ":6379")));
    container.start();
    shutdown.add(container::stop);
    String host = container.getHost();
    ServerControl control =
        new ContainerControl(container, () -> RedisServer.answersPing(host, hostPort));
    return new RedisInfra(host, hostPort, REDIS_IMAGE_VERSION, InfraMode.TESTCONTAINERS, control);
  }

  /** docker stop / kill / start of one container, waiting for readiness after a start. */
  private record ContainerControl(GenericContainer<?> container, BooleanSupplier ready)
      implements ServerControl {

    private DockerClient docker() {
      return DockerClientFactory.instance().client();
    }

    @Override
    public void stop() {
      docker().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
    }

    @Override
    public void kill() {
      docker().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
    }

    @Override
    public void start() throws IOException {
      if (!isRunning()) {
        docker().startContainerCmd(container.getContainerId()).exec();
      }
      long deadline = System.nanoTime() + 90_000_000_000L;
      while (!ready.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new IOException(container.getDockerImageName() + " not ready 90 s after restart");
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }

    @Override
    public boolean isRunning() {
      Boolean running =
          docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning();
      return Boolean.TRUE.equals(running);
    }
  }
}
