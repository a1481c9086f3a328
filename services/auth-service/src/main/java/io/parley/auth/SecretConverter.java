package io.parley.auth;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Binds a plain string setting (from the environment or a file) to a {@link Secret}. */
@Component
@ConfigurationPropertiesBinding
class SecretConverter implements Converter<String, Secret> {

  @Override
  public Secret convert(String source) {
    return new Secret(source);
  }
}
