package io.parley.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Starts the shared Kafka and Redis before a test class (so a Spring context can be pointed at
 * them), injects {@link KafkaInfra}, {@link RedisInfra} and {@link RedisClusterInfra} into test
 * methods and constructors, and after each test restarts whatever the test left stopped.
 */
public class ParleyInfraExtension
    implements BeforeAllCallback, AfterEachCallback, ParameterResolver {

  @Override
  public void beforeAll(ExtensionContext context) {
    ParleyInfra.kafka();
    ParleyInfra.redis();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ParleyInfra.ensureAllRunning();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KafkaInfra.class || type == RedisInfra.class || type == RedisClusterInfra.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == KafkaInfra.class) {
      return ParleyInfra.kafka();
    }
    if (type == RedisInfra.class) {
      return ParleyInfra.redis();
    }
    return ParleyInfra.redisCluster()
        .orElseThrow(
            () ->
                new TestAbortedException(
                    "no Redis Cluster: " + ParleyInfra.redisClusterUnavailableReason()));
  }
}
