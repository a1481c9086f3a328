package io.parley.auth;

import io.parley.testsupport.service.ServiceBootContract;

/** auth-service boots on real Kafka and Redis and passes the checks every service passes. */
class AuthApplicationIT extends ServiceBootContract {}
