package io.parley.edge.gateway;

import io.parley.edge.EdgeProperties;
import io.parley.security.OpenApiDocuments;
import io.parley.security.PublicPaths;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Registers one proxy servlet per route (the servlet container then sends each request to the
 * longest matching mapping: a route, else Spring MVC), and declares the routes public to
 * libs/service-security's default chain: routed paths pass untouched (the owning service checks
 * tokens); the edge's own paths need a token except {@code /ws}, {@code /ws/provisioning} and
 * {@code /v1/config} ({@code parley.security.public-paths}).
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

  private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

  @Bean
  static BeanDefinitionRegistryPostProcessor routeServlets() {
    return new RouteServletRegistrar();
  }

  /** Route servlets are beans made from settings, so they are registered before beans are made. */
  static final class RouteServletRegistrar
      implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
      this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
      List<EdgeProperties.Route> routes = routes(environment);
      Map<java.net.URI, List<String>> byUpstream = new LinkedHashMap<>();
      for (EdgeProperties.Route route : routes) {
        String mapping = route.isPrefix() ? route.base() + "/*" : route.path();
        byUpstream.computeIfAbsent(route.uri(), u -> new ArrayList<>()).add(mapping);
      }
      int index = 0;
      for (var entry : byUpstream.entrySet()) {
        java.net.URI upstream = entry.getKey();
        List<String> mappings = entry.getValue();
        String name = "edgeRoute" + index++;
        registry.registerBeanDefinition(
            name,
            new org.springframework.beans.factory.support.RootBeanDefinition(
                ServletRegistrationBean.class,
                () -> {
                  ServletRegistrationBean<RouteProxyServlet> servlet =
                      new ServletRegistrationBean<>(
                          new RouteProxyServlet(upstream), mappings.toArray(String[]::new));
                  servlet.setName(name);
                  servlet.setAsyncSupported(true);
                  servlet.setLoadOnStartup(1);
                  servlet.addInitParameter("timeout", "30000");
                  servlet.addInitParameter("idleTimeout", "30000");
                  servlet.addInitParameter("maxThreads", "32");
                  return servlet;
                }));
        log.info("routing {} to {}", mappings, upstream);
      }
    }
  }

  static List<EdgeProperties.Route> routes(Environment environment) {
    return Binder.get(environment)
        .bind("parley.edge.routes", Bindable.listOf(EdgeProperties.Route.class))
        .orElse(List.of());
  }

  /** The document of the edge's own endpoints; the routed ones are in their services' documents. */
  @Bean
  OpenAPI edgeOpenApi() {
    return OpenApiDocuments.document(
        "edge-service",
        "The public entry point: client limits and the provisioning relay. STOMP is described in"
            + " docs/stomp.md.");
  }

  /**
   * Routed paths are public here: the owning service checks the token, so the edge neither verifies
   * it a second time nor refuses what that service would accept.
   */
  @Bean
  PublicPaths routedPaths(EdgeProperties properties) {
    List<String> paths = properties.routes().stream().map(EdgeProperties.Route::path).toList();
    return () -> paths;
  }
}
