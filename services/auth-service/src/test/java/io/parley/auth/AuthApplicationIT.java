package io.parley.auth;

import io.parley.testsupport.service.ServiceBootContract;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** auth-service boots on real Kafka and Redis and passes the checks every service passes. */
@ActiveProfiles("dev")
@TestPropertySource(properties = "parley.auth.signing.dev-key-dir=target/test-keys")
class AuthApplicationIT extends ServiceBootContract {}
