/** What every Parley service's boot test checks, on the real Kafka and Redis of test-support. */
package io.parley.testsupport.service;
