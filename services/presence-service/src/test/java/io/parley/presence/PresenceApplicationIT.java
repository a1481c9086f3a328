package io.parley.presence;

import io.parley.testsupport.service.ServiceBootContract;

/** presence-service boots on real Kafka and Redis and passes the checks every service passes. */
class PresenceApplicationIT extends ServiceBootContract {}
