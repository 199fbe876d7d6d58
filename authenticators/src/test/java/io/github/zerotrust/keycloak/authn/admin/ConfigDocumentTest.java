package io.github.zerotrust.keycloak.authn.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.authn.elevation.EligibilitySection;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.authn.ssf.TransmitterSection;
import io.github.zerotrust.keycloak.authn.template.TemplateSection;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The configuration document: the schema in the bundle lists exactly what the exporter writes; the reader's errors. */
class ConfigDocumentTest {

    static ObjectNode fullDocument() {
        TreeMap<String, String> settings = new TreeMap<>();
        settings.put("zt.risk.threshold.high", "70");
        return ConfigResource.document("acme", settings,
                List.of(new ZoneRepresentation("office", true, "head office", List.of("192.0.2.0/24"))), List.of("bob"),
                List.of(eligibility()), List.of(transmitter()), List.of(template()));
    }

    /** An eligibility with every member the exporter may write. */
    static ObjectNode eligibility() {
        ObjectNode e = JsonFormat.strict().createObjectNode();
        EligibilitySection.MEMBERS.forEach(m -> e.put(m, "x"));
        return e;
    }

    /** An installed template as the exporter writes it. */
    static ObjectNode template() {
        ObjectNode t = JsonFormat.strict().createObjectNode();
        TemplateSection.ITEM_MEMBERS.stream().sorted().forEach(m -> t.put(m, "x"));
        return t;
    }

    /** A transmitter with every member the exporter may write. */
    static ObjectNode transmitter() {
        ObjectNode t = JsonFormat.strict().createObjectNode();
        TransmitterSection.MEMBERS.forEach(m -> t.put(m, "x"));
        return t;
    }

    static JsonNode schema() throws Exception {
        try (InputStream in = ConfigResource.class.getClassLoader().getResourceAsStream(ConfigResource.SCHEMA_RESOURCE)) {
            assertThat(in).as("the schema is in the bundle").isNotNull();
            return JsonFormat.strict().readTree(in);
        }
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aZonesRangesAreWrittenInOneOrderWhateverOrderTheStoreGivesThem() {
        ObjectNode one = ConfigResource.document("acme", new TreeMap<>(), List.of(new ZoneRepresentation("hosting", false, null,
                List.of("2001:db8:ffff::/48", "198.18.0.0/15"))), List.of(), List.of(), List.of(), List.of());
        ObjectNode other = ConfigResource.document("acme", new TreeMap<>(), List.of(new ZoneRepresentation("hosting", false, null,
                List.of("198.18.0.0/15", "2001:db8:ffff::/48"))), List.of(), List.of(), List.of(), List.of());

        assertThat(one.toString()).isEqualTo(other.toString());
    }

    @Test
    void theSchemaListsExactlyTheMembersTheExporterWrites() throws Exception {
        JsonNode schema = schema();
        ObjectNode doc = fullDocument();

        assertThat(names(schema.path("properties"))).containsExactlyElementsOf(names(doc));
        assertThat(names(schema.path("properties").path("zones").path("items").path("properties")))
                .containsExactlyElementsOf(names(doc.path("zones").get(0)));
        assertThat(names(schema.path("properties").path("eligibilities").path("items").path("properties")))
                .containsExactlyElementsOf(EligibilitySection.MEMBERS);
        assertThat(names(schema.path("properties").path("transmitters").path("items").path("properties")))
                .containsExactlyElementsOf(TransmitterSection.MEMBERS);
        assertThat(names(schema.path("properties").path("templates").path("items").path("properties")))
                .containsExactlyInAnyOrderElementsOf(TemplateSection.ITEM_MEMBERS);
        for (String secret : TransmitterSection.SECRETS) {
            assertThat(schema.path("properties").path("transmitters").path("items").path("properties").has(secret))
                    .as("a document never carries " + secret).isFalse();
        }
        assertThat(schema.path("$id").asText()).isEqualTo(ConfigResource.SCHEMA_ID);
        assertThat(schema.path("properties").path("version").path("const").asInt()).isEqualTo(ConfigResource.VERSION);
    }

    @Test
    void aDocumentReadsBackAsItWasWritten() throws Exception {
        ConfigResource.Parsed parsed = ConfigResource.parse(fullDocument());

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.settings()).containsEntry("zt.risk.threshold.high", "70").hasSize(1);
        assertThat(parsed.zones()).singleElement().satisfies(z -> assertThat(z.getRanges()).containsExactly("192.0.2.0/24"));
        assertThat(parsed.breakGlass()).containsExactly("bob");
        assertThat(parsed.eligibilities()).hasSize(1);
        assertThat(parsed.transmitters()).hasSize(1);
    }

    @Test
    void anUnknownVersionIsRefused() {
        ObjectNode doc = fullDocument().put("version", 2);

        assertThatThrownBy(() -> ConfigResource.parse(doc)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().error()).isEqualTo(ConfigResource.UNKNOWN_VERSION));
    }

    @Test
    void everyBadFieldIsListedWithItsPath() throws Exception {
        ObjectNode doc = fullDocument();
        ((ObjectNode) doc.get("settings")).put("zt.alert.webhook-secret", "s3cret");
        ((ObjectNode) doc.get("zones").get(0)).putArray("ranges").add("not-a-range");
        doc.withArray("breakGlass").add(3);
        doc.put("transmitter", "x");
        doc.put("eligibilities", "everyone");
        doc.putObject("transmitters");

        List<String> problems = ConfigResource.parse(doc).problems();

        assertThat(problems).hasSize(6)
                .anySatisfy(p -> assertThat(p).startsWith("$.eligibilities: must be an array"))
                .anySatisfy(p -> assertThat(p).startsWith("$.transmitters: must be an array"))
                .anySatisfy(p -> assertThat(p).startsWith("$.settings['zt.alert.webhook-secret']"))
                .anySatisfy(p -> assertThat(p).startsWith("$.zones[0]: "))
                .anySatisfy(p -> assertThat(p).startsWith("$.breakGlass[1]"))
                .anySatisfy(p -> assertThat(p).startsWith("$.transmitter: unknown member"));
    }
}
