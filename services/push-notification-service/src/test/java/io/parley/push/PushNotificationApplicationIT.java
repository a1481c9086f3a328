package io.parley.push;

import io.parley.testsupport.service.ServiceBootContract;

/**
 * push-notification-service boots on real Kafka and Redis and passes the checks every service
 * passes.
 */
class PushNotificationApplicationIT extends ServiceBootContract {}
