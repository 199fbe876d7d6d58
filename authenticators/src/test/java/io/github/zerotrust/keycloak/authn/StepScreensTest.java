package io.github.zerotrust.keycloak.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.fido.AuthenticatorPolicy;
import io.github.zerotrust.keycloak.policy.StepKind;
import io.github.zerotrust.keycloak.policy.StepKinds;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import io.github.zerotrust.keycloak.risk.RiskSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The admin console's screen of every zero-trust step shows the core's defaults: a step saved with the
 * screen's defaults as they stand behaves exactly like a step never configured. And every key the README
 * documents for a step is on its screen.
 */
class StepScreensTest {

    /** How each step that is not a registry kind reads its settings (the device step: see DeviceCheckScreenTest). */
    static final Map<String, Function<Map<String, String>, Object>> OTHER_READERS = Map.of(
            "zt-risk-assessment", RiskSettings::parse,
            "zt-fido2-policy", AuthenticatorPolicy::parse);
    static final Set<String> PINNED_ELSEWHERE = Set.of("zt-device-posture");

    static Map<String, String> screenDefaults(AuthenticatorFactory factory) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (ProviderConfigProperty property : factory.getConfigProperties()) {
            if (property.getDefaultValue() != null) {
                defaults.put(property.getName(), String.valueOf(property.getDefaultValue()));
            }
        }
        return defaults;
    }

    static Object read(AuthenticatorFactory factory, Map<String, String> settings, String configId) {
        Optional<StepKind<?>> kind = StepKinds.byId(factory.getId());
        if (kind.isPresent()) {
            return kind.get().settings(configId, settings);
        }
        return OTHER_READERS.get(factory.getId()).apply(settings);
    }

    @Test
    void everyStepSavedWithItsScreenDefaultsReadsAsTheCoreDefaults() throws Exception {
        List<String> checked = new ArrayList<>();
        for (AuthenticatorFactory factory : StepFactoriesTest.registered()) {
            if (PINNED_ELSEWHERE.contains(factory.getId())) {
                continue;
            }
            assertThat(StepKinds.byId(factory.getId()).isPresent() || OTHER_READERS.containsKey(factory.getId()))
                    .as("%s has a settings reader this test knows", factory.getId()).isTrue();
            Map<String, String> screen = screenDefaults(factory);
            // Distinct config ids: the registry caches parsed settings per saved configuration.
            assertThat(read(factory, screen, "screen-" + factory.getId()))
                    .as("%s saved with its screen defaults %s", factory.getId(), screen)
                    .isEqualTo(read(factory, Map.of(), "none-" + factory.getId()));
            checked.add(factory.getId());
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(StepKinds.ALL.size() + OTHER_READERS.size());
    }

    @Test
    void theRiskScreenOffersEverySettingOfTheRiskModelWithItsDefault() throws Exception {
        AuthenticatorFactory risk = factory("zt-risk-assessment");
        Map<String, String> screen = screenDefaults(risk);
        assertThat(screen).containsAllEntriesOf(RiskSettings.defaultText());
        assertThat(screen).containsKeys(RiskSettings.WEIGHT_DEVICE_THREAT, RiskSettings.DEVICE_THREAT_MINIMUM,
                RiskSettings.HOUR_MIN_LEARNED_HISTORY);
        // The alert level is the step's own: high, as documented.
        assertThat(RiskLevel.parse(screen.get("zt.alert.level"))).contains(RiskLevel.HIGH);
    }

    @Test
    void aScreenDefaultChangedByHandWouldBeCaught() throws Exception {
        AuthenticatorFactory risk = factory("zt-risk-assessment");
        Map<String, String> wrong = new HashMap<>(screenDefaults(risk));
        wrong.put(RiskSettings.THRESHOLD_HIGH, "61");
        assertThat(read(risk, wrong, "wrong")).isNotEqualTo(read(risk, Map.of(), "none"));
    }

    @Test
    void everyKeyTheReadmeListsForAStepIsOnItsScreen() throws Exception {
        Map<String, List<String>> documented = documentedKeys(Path.of("README.md"));
        int steps = 0;
        for (AuthenticatorFactory factory : StepFactoriesTest.registered()) {
            List<String> keys = documented.get(factory.getDisplayType());
            if (keys == null) {
                continue;
            }
            steps++;
            Set<String> onScreen = factory.getConfigProperties().stream().map(ProviderConfigProperty::getName)
                    .collect(Collectors.toSet());
            assertThat(onScreen).as("the screen of %s", factory.getDisplayType()).containsAll(keys);
        }
        assertThat(steps).as("steps with a settings table in the README").isGreaterThanOrEqualTo(12);
    }

    private static final Pattern HEADING = Pattern.compile("^#{3,4} (.+)$");
    private static final Pattern ROW_KEY = Pattern.compile("^\\| `([a-z_.\\-]+)` \\|");

    /** The keys in the first column of the settings table under each step's heading (its display name). */
    static Map<String, List<String>> documentedKeys(Path readme) throws IOException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String step = null;
        for (String line : Files.readAllLines(readme)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                step = heading.group(1).strip();
                continue;
            }
            Matcher row = ROW_KEY.matcher(line);
            if (step != null && row.find()) {
                keys.computeIfAbsent(step, s -> new ArrayList<>()).add(row.group(1));
            }
        }
        return keys;
    }

    static AuthenticatorFactory factory(String id) throws Exception {
        return StepFactoriesTest.registered().stream().filter(f -> f.getId().equals(id)).findFirst().orElseThrow();
    }
}
