package io.github.zerotrust.keycloak.authn.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.template.RealmState.Installed;
import io.github.zerotrust.keycloak.template.Template;
import io.github.zerotrust.keycloak.template.TemplateParameters;
import io.github.zerotrust.keycloak.template.Templates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * The realm attribute {@code zt.templates}: {@code {"foundation": {"version": 1, "parameters": {...}}, ...}}, sorted
 * by id so that an export of an unchanged realm stays the same. An unreadable record counts as nothing installed.
 */
final class InstalledTemplates {

    private static final Logger LOG = Logger.getLogger(InstalledTemplates.class);

    private InstalledTemplates() {
    }

    static Map<String, Installed> read(RealmModel realm) {
        String text = realm.getAttribute(Templates.INSTALLED_ATTRIBUTE);
        Map<String, Installed> installed = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return installed;
        }
        try {
            JsonNode json = JsonFormat.lenient().readTree(text);
            json.fields().forEachRemaining(e -> Templates.byId(e.getKey()).ifPresent(t -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> given = JsonFormat.lenient().convertValue(e.getValue().path("parameters"), Map.class);
                TemplateParameters.Read read = TemplateParameters.read(t, given == null ? Map.of() : given,
                        TemplateParameters.defaults(t), id -> true, alias -> true);
                installed.put(t.id(), new Installed(e.getValue().path("version").asInt(t.version()), read.parameters()));
            }));
        } catch (Exception e) {
            LOG.warnf("Realm %s: %s is not readable JSON; no template counts as installed", realm.getName(), Templates.INSTALLED_ATTRIBUTE);
        }
        return installed;
    }

    static void record(RealmModel realm, Template template, TemplateParameters parameters) {
        Map<String, Installed> all = new TreeMap<>(read(realm));
        all.put(template.id(), new Installed(template.version(), parameters));
        ObjectNode json = JsonFormat.lenient().createObjectNode();
        all.forEach((id, installed) -> {
            ObjectNode entry = json.putObject(id);
            entry.put("version", installed.version());
            entry.set("parameters", JsonFormat.lenient().valueToTree(installed.parameters().values()));
        });
        realm.setAttribute(Templates.INSTALLED_ATTRIBUTE, json.toString());
    }
}
