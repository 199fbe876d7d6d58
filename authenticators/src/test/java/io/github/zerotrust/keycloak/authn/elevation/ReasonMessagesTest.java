package io.github.zerotrust.keycloak.authn.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every reason a person can meet on the activation or approvals page is explained in every shipped language. */
class ReasonMessagesTest {

    static final Path MESSAGES = Path.of("../themes/src/main/resources/theme-resources/messages");

    @Test
    void aReasonIdBecomesItsMessageKeyAndAnUnknownOneTheGeneralMessage() {
        assertThat(ReasonMessages.key("step-up-required")).isEqualTo("ztReasonStepUpRequired");
        assertThat(ReasonMessages.key("already-active")).isEqualTo("ztReasonAlreadyActive");
        assertThat(ReasonMessages.key("no-such-thing")).isEqualTo(ReasonMessages.OTHER);
        assertThat(ReasonMessages.key(null)).isEqualTo(ReasonMessages.OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es"})
    void everyReasonHasAMessage(String locale) throws IOException {
        Properties messages = new Properties();
        try (Reader in = Files.newBufferedReader(MESSAGES.resolve("messages_" + locale + ".properties"), StandardCharsets.UTF_8)) {
            messages.load(in);
        }
        assertThat(ReasonMessages.REASONS).hasSizeGreaterThan(25);
        assertThat(messages.stringPropertyNames()).contains(ReasonMessages.OTHER);
        for (String reason : ReasonMessages.REASONS) {
            assertThat(messages.getProperty(ReasonMessages.key(reason))).as(locale + ": " + reason).isNotBlank();
        }
    }
}
