package io.github.zerotrust.keycloak.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.policy.StepKind;
import io.github.zerotrust.keycloak.policy.StepKinds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticatorFactory;

/** Every deciding step Keycloak can load is the registry's kind, under the same id and name: one place decides. */
class StepFactoriesTest {

    static List<AuthenticatorFactory> registered() throws IOException, ReflectiveOperationException {
        try (InputStream in = StepFactoriesTest.class.getResourceAsStream("/META-INF/services/org.keycloak.authentication.AuthenticatorFactory")) {
            List<String> names = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
            List<AuthenticatorFactory> factories = new java.util.ArrayList<>();
            for (String name : names) {
                factories.add((AuthenticatorFactory) Class.forName(name).getDeclaredConstructor().newInstance());
            }
            return factories;
        }
    }

    @Test
    void everyKindOfTheRegistryIsARegisteredStepWithItsNameAndRole() throws Exception {
        Map<String, AuthenticatorFactory> byId = registered().stream()
                .collect(Collectors.toMap(AuthenticatorFactory::getId, Function.identity()));
        for (StepKind<?> kind : StepKinds.ALL) {
            assertThat(byId).as(kind.providerId()).containsKey(kind.providerId());
            AuthenticatorFactory factory = byId.get(kind.providerId());
            assertThat(factory.getDisplayType()).isEqualTo(kind.displayName());
            assertThat(factory instanceof org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory)
                    .as(kind + " is a condition exactly when its kind says so").isEqualTo(kind.role() == StepKind.Role.CONDITION);
        }
    }
}
