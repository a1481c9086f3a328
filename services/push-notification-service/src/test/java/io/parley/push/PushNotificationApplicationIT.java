package io.parley.push;

import io.parley.testsupport.service.ServiceBootContract;
import org.springframework.test.context.TestPropertySource;

/**
 * push-notification-service boots on real Kafka and Redis and passes the checks every service
 * passes. Its listeners stay stopped: this context lives on in Spring's test context cache beside
 * the push integration tests' context, in the same consumer group, and must not take their push
 * requests.
 */
@TestPropertySource(properties = "spring.kafka.listener.auto-startup=false")
class PushNotificationApplicationIT extends ServiceBootContract {}
