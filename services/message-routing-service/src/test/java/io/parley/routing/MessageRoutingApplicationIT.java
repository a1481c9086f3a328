package io.parley.routing;

import io.parley.testsupport.service.ServiceBootContract;

/**
 * message-routing-service boots on real Kafka and Redis and passes the checks every service passes.
 */
class MessageRoutingApplicationIT extends ServiceBootContract {}
