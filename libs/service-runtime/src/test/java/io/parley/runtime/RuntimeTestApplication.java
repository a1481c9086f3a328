package io.parley.runtime;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest service: nothing but what libs/service-runtime brings. */
@SpringBootApplication
class RuntimeTestApplication {}
