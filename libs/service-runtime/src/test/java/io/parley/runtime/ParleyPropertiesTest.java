package io.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ParleyPropertiesTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  KafkaAutoConfiguration.class, ParleyRuntimeAutoConfiguration.class))
          // No broker here: KafkaAdmin must not spend its timeout trying to create topics.
          .withPropertyValues("spring.kafka.admin.auto-create=false");

  @Test
  void hasDefaultsThatWorkOnOneLocalBroker() {
    runner.run(
        context -> {
          ParleyProperties properties = context.getBean(ParleyProperties.class);
          assertThat(properties.nodeId())
              .isNotBlank()
              .endsWith(
                  "-"
                      + Long.toString(
                          java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime(),
                          36));
          assertThat(properties.kafka().partitions()).isEqualTo(8);
          assertThat(properties.kafka().replicationFactor()).isEqualTo((short) 1);
          assertThat(properties.kafka().createTopics()).isTrue();
        });
  }

  @Test
  void refusesToStartWithZeroPartitionsNamingTheSetting() {
    runner
        .withPropertyValues("parley.kafka.partitions=0")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("parley.kafka.partitions"));
  }

  @Test
  void refusesANonPositiveHealthTimeout() {
    runner
        .withPropertyValues("parley.kafka.health-timeout=0s")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("parley.kafka.health-timeout"));
  }

  @Test
  void leavesTopicsToTheOperatorWhenAskedTo() {
    runner
        .withPropertyValues("parley.kafka.create-topics=false", "parley.node-id=edge-7")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("parleyTopics");
              assertThat(context.getBean(ParleyProperties.class).nodeId()).isEqualTo("edge-7");
            });
  }
}
