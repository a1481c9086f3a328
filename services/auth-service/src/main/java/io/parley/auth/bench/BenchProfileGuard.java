package io.parley.auth.bench;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Stops start-up when the bench profile is active where it must never be: together with {@code
 * prod}, or without {@code dev} (the bench endpoint hands out tokens to anyone who asks, so it
 * belongs only on a local platform such as {@code ./parley up}, which runs with {@code dev}). A
 * bean-factory post-processor, so it runs before any other bean is created and its message is the
 * first failure.
 */
@Component
@Profile("bench")
class BenchProfileGuard implements BeanFactoryPostProcessor, EnvironmentAware {

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    check(environment);
  }

  static void check(Environment environment) {
    if (environment.acceptsProfiles(Profiles.of("prod"))) {
      throw new IllegalStateException(
          "the bench profile (unauthenticated bulk account creation) must never run with the prod"
              + " profile: remove 'bench' from spring.profiles.active");
    }
    if (!environment.acceptsProfiles(Profiles.of("dev"))) {
      throw new IllegalStateException(
          "the bench profile runs only together with the dev profile (a local platform such as"
              + " ./parley up): activate 'dev,bench', or remove 'bench'");
    }
  }
}
