package io.parley.keys;

import io.parley.testsupport.service.ServiceBootContract;

/**
 * key-distribution-service boots on real Kafka and Redis and passes the checks every service
 * passes.
 */
class KeyDistributionApplicationIT extends ServiceBootContract {}
