package io.github.zerotrust.keycloak.themes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every page speaks every language we ship, with no key missing. */
class MessagesTest {

    static Properties messages(String locale) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/theme-resources/messages/messages_" + locale + ".properties")) {
            assertThat(in).as("messages_" + locale).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es"})
    void everyLocaleHasEveryEnglishKey(String locale) throws IOException {
        assertThat(messages(locale).stringPropertyNames()).containsExactlyInAnyOrderElementsOf(messages("en").stringPropertyNames());
    }

    @Test
    void everyKeyTheDeniedPageUsesExists() throws IOException {
        String template = "";
        for (String page : new String[] {"zt-denied.ftl", "zt-mfa-enrol.ftl"}) {
            try (InputStream in = MessagesTest.class.getResourceAsStream("/theme-resources/templates/" + page)) {
                template += new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("msg\\(\"(zt[A-Za-z]+)\"").matcher(template);
        while (m.find()) {
            used.add(m.group(1));
        }
        used.addAll(Set.of("ztDeniedCountry", "ztDeniedNetwork", "ztDeniedGeneric", "ztDeniedRisk", "ztEnrolmentRefused", "ztMfaGraceOver", "ztFidoNotAllowed", "ztFidoCompromised", "ztFidoNotCertified", "ztGuestAccessEnded", "ztGuestNotSetUp"));

        assertThat(messages("en").stringPropertyNames()).containsAll(used);
    }

    @Test
    void everyKeyTheElevationPagesUseExists() throws IOException {
        String template = "";
        for (String page : new String[] {"zt-approvals.ftl", "zt-elevate.ftl"}) {
            try (InputStream in = MessagesTest.class.getResourceAsStream("/theme-resources/templates/" + page)) {
                assertThat(in).as(page).isNotNull();
                template += new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("msg\\(\"(zt[A-Za-z]+)\"").matcher(template);
        while (m.find()) {
            used.add(m.group(1));
        }
        used.addAll(Set.of("ztApprovalsApproved", "ztApprovalsPending", "ztApprovalsDenied"));

        assertThat(used).contains("ztApprovalsTitle", "ztApprovalsRequestedBy", "ztElevateTitle");
        for (String locale : new String[] {"en", "de", "fr", "es"}) {
            assertThat(messages(locale).stringPropertyNames()).as(locale).containsAll(used);
        }
    }

    @Test
    void theApproversMailEscapesWhatUsersTypedInsteadOfSanitisingIt() throws IOException {
        String mail;
        try (InputStream in = MessagesTest.class.getResourceAsStream("/theme-resources/templates/html/zt-elevation.ftl")) {
            mail = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(mail).contains("${body}").doesNotContain("?no_esc").doesNotContain("kcSanitize");
    }

    @Test
    void messagesWithArgumentsKeepTheirPlaceholderInEveryLanguage() throws IOException {
        for (String locale : new String[] {"en", "de", "fr", "es"}) {
            Properties p = messages(locale);
            assertThat(p.getProperty("ztDeniedReference")).as(locale).contains("{0}");
            assertThat(p.getProperty("ztDeniedSeenFrom")).as(locale).contains("{0}");
            assertThat(p.getProperty("ztApprovalsRequestedBy")).as(locale).contains("{0}", "{1}");
            assertThat(p.getProperty("ztApprovalsCount")).as(locale).contains("{0}", "{1}", "{2}");
            assertThat(p.getProperty("ztApprovalsReason")).as(locale).contains("{0}");
            assertThat(p.getProperty("ztReasonOther")).as(locale).contains("{0}");
        }
    }
}
