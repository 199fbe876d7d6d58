package io.github.zerotrust.keycloak.authn.adminpage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin page's files as shipped in the JAR: every language has every message, and the script keeps its rules. */
class AdminPageFilesTest {

    static Set<String> keys(String locale) throws IOException {
        JsonNode messages = JsonFormat.strict().readTree(AdminPage.text("messages/" + locale + ".json"));
        Set<String> keys = new TreeSet<>();
        messages.fieldNames().forEachRemaining(keys::add);
        messages.fields().forEachRemaining(e -> assertThat(e.getValue().isTextual() && !e.getValue().asText().isBlank())
                .as(locale + ": " + e.getKey()).isTrue());
        return keys;
    }

    @Test
    void theShippedLocalesAreTheThemesFour() {
        assertThat(AdminPage.LOCALES).containsExactlyInAnyOrder("en", "de", "fr", "es");
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es"})
    void everyLocaleHasEveryKeyOfEnglishAndNoOther(String locale) throws IOException {
        assertThat(keys(locale)).isEqualTo(keys("en"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es"})
    void everyPlaceholderOfEnglishIsInEveryLocale(String locale) throws IOException {
        JsonNode en = JsonFormat.strict().readTree(AdminPage.text("messages/en.json"));
        JsonNode other = JsonFormat.strict().readTree(AdminPage.text("messages/" + locale + ".json"));
        Pattern placeholder = Pattern.compile("\\{[a-z]+}");
        en.fields().forEachRemaining(e -> {
            Matcher m = placeholder.matcher(e.getValue().asText());
            while (m.find()) {
                assertThat(other.path(e.getKey()).asText()).as(locale + ": " + e.getKey()).contains(m.group());
            }
        });
    }

    @Test
    void everyMessageTheScriptNamesExists() throws IOException {
        String script = AdminPage.text("app.js");
        Set<String> english = keys("en");
        Matcher literal = Pattern.compile("\\bt\\('([A-Za-z0-9.-]+)'[,)]").matcher(script);
        int found = 0;
        while (literal.find()) {
            found++;
            assertThat(english).as("message key in app.js").contains(literal.group(1));
        }
        assertThat(found).isGreaterThan(50);
        // Keys built from an id: every section, stage, status, rule state, kind and outcome the REST answers.
        for (String id : Set.of("maturity", "templates", "break-glass", "report-only", "zones", "what-if", "devices")) {
            assertThat(english).contains("section." + id);
            assertThat(script).contains("['" + id + "', ");
        }
        for (String family : Set.of("stage.overall", "stage.foundation", "stage.intermediate", "stage.advanced",
                "status.pass", "status.partial", "status.fail", "status.not-applicable", "state.absent", "state.report-only",
                "state.enforced", "state.proposed", "state.applied", "state.edited", "kind.flow", "kind.setting",
                "outcome.allowed", "outcome.step-up", "outcome.restricted", "outcome.denied", "deviceState.active",
                "deviceState.approved", "deviceState.retired", "device.approve", "device.approved", "device.retire",
                "device.retired")) {
            assertThat(english).contains(family);
        }
    }

    /** P1, P3: data reaches the page as text only, and tokens never reach storage that outlives the tab. */
    @Test
    void theScriptWritesNoMarkupAndKeepsNoTokenInStorage() {
        String script = AdminPage.text("app.js");
        for (String sink : new String[] {".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function", "localStorage", "document.cookie"}) {
            assertThat(script).as("app.js must not use " + sink).doesNotContain(sink);
        }
        assertThat(script).contains("credentials: 'omit'").contains("code_challenge_method: 'S256'");
        // sessionStorage holds only the sign-in's verifier and state (FLIGHT) and the chosen language (LANG).
        Matcher stored = Pattern.compile("sessionStorage\\.setItem\\(([A-Z]+), ([^)]*\\)?)\\)").matcher(script);
        int writes = 0;
        while (stored.find()) {
            writes++;
            assertThat(stored.group(1)).isIn("FLIGHT", "LANG");
            assertThat(stored.group(2)).doesNotContain("token").doesNotContain("access").doesNotContain("refresh");
        }
        assertThat(writes).isEqualTo(2);
    }

    @Test
    void thePageLoadsOnlyItsOwnFiles() {
        String html = AdminPage.text("index.html");
        assertThat(html).contains("src=\"{{files}}app.js\"").contains("href=\"{{files}}app.css\"");
        assertThat(html).doesNotContain("<script>").doesNotContain("style=").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void anAttributeValueIsEscaped() {
        assertThat(AdminPage.escape("/realms/a\"><script>/")).isEqualTo("/realms/a&quot;&gt;&lt;script&gt;/");
    }
}
