package io.parley.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class the shared real Kafka and Redis of this JVM ({@link ParleyInfra});
 * parameters of type {@link KafkaInfra}, {@link RedisInfra} and {@link RedisClusterInfra} are
 * injected.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ParleyInfraExtension.class)
public @interface ParleyInfraTest {}
