package io.github.zerotrust.keycloak.authn.template;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * The body of a preview or an install, optional: {@code {"parameters": {...}}}; a parameter not given keeps the value it
 * was installed with, or its default.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TemplateRequest(Map<String, Object> parameters) {

    Map<String, Object> given() {
        return parameters == null ? Map.of() : parameters;
    }
}
