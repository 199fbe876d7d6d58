package io.github.zerotrust.keycloak.authn.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.template.RealmState;
import io.github.zerotrust.keycloak.template.Template;
import io.github.zerotrust.keycloak.template.TemplateParameters;
import io.github.zerotrust.keycloak.template.Templates;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The {@code templates} section of the configuration document ({@code authn.admin.ConfigResource}): the templates
 * installed in the realm, each with its parameters, in id order. An import installs each listed template that is not
 * installed, or installed with other parameters, through the templates API's own install ({@link
 * TemplatesResource#installNow}: report-only rules, flows bound through the lockout guard, whose refusal undoes the
 * whole import). The steps themselves are Keycloak's flows and stay in Keycloak's realm export. A document cannot
 * uninstall a template (its rules live in the flows, where an admin may have changed them): a template installed here
 * and missing from the section is an error.
 */
public final class TemplateSection {

    /** The members of one item, as the schema lists them. */
    public static final Set<String> ITEM_MEMBERS = Set.of("id", "parameters");

    /** What an import would install; {@code wanted} is the section as the diff compares it. */
    public record Plan(List<Install> installs, Map<String, String> wanted) {
    }

    record Install(Template template, TemplateParameters parameters) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public TemplateSection(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** The installed templates as the document carries them, in id order. */
    public List<ObjectNode> export() {
        List<ObjectNode> items = new ArrayList<>();
        new TreeMap<>(InstalledTemplates.read(realm)).forEach((id, installed) -> items.add(item(id, installed.parameters())));
        return items;
    }

    /** The section as the diff compares it: template id → its parameters as JSON text. */
    public Map<String, String> current() {
        Map<String, String> current = new TreeMap<>();
        InstalledTemplates.read(realm).forEach((id, installed) -> current.put(id, item(id, installed.parameters()).path("parameters").toString()));
        return current;
    }

    private static ObjectNode item(String id, TemplateParameters parameters) {
        ObjectNode item = JsonFormat.strict().createObjectNode();
        item.put("id", id);
        item.set("parameters", JsonFormat.strict().valueToTree(parameters.values()));
        return item;
    }

    /**
     * Reads the section with the templates API's own parameter reader; every problem is added with its JSON path. A
     * parameter left out of an item is the template's default: the document says the whole of what is installed.
     */
    public Plan plan(ArrayNode items, List<String> problems) {
        Map<String, RealmState.Installed> installed = InstalledTemplates.read(realm);
        List<Install> installs = new ArrayList<>();
        Map<String, String> wanted = new TreeMap<>();
        Set<String> listed = new TreeSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "$.templates[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                problems.add(path + ": must be an object with \"id\" and \"parameters\"");
                continue;
            }
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!ITEM_MEMBERS.contains(name)) {
                    problems.add(path + "." + name + ": unknown member; the members are id, parameters");
                }
            }
            String id = item.path("id").isTextual() ? item.path("id").textValue() : null;
            Optional<Template> template = id == null ? Optional.empty() : Templates.byId(id);
            if (template.isEmpty()) {
                problems.add(path + ".id: " + (id == null ? "a template id is needed" : "no template " + Problem.quoted(id))
                        + "; the templates are " + Templates.ALL.stream().map(Template::id).toList());
                continue;
            }
            if (!listed.add(id)) {
                problems.add(path + ".id: " + Problem.quoted(id) + " is listed twice");
                continue;
            }
            JsonNode given = item.path("parameters");
            if (!given.isMissingNode() && !given.isObject()) {
                problems.add(path + ".parameters: must be an object of parameter names to values");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = given.isMissingNode() ? Map.of() : JsonFormat.strict().convertValue(given, Map.class);
            TemplateParameters.Read read = TemplateParameters.read(template.get(), values, TemplateParameters.defaults(template.get()),
                    clientId -> realm.getClientByClientId(clientId) != null,
                    alias -> session.identityProviders().getByAlias(alias) != null);
            if (!read.valid()) {
                read.problems().forEach(p -> problems.add(path + ".parameters: " + p));
                continue;
            }
            wanted.put(id, item(id, read.parameters()).path("parameters").toString());
            RealmState.Installed here = installed.get(id);
            if (here == null || here.version() != template.get().version() || !here.parameters().equals(read.parameters())) {
                installs.add(new Install(template.get(), read.parameters()));
            }
        }
        for (String id : installed.keySet()) {
            if (!listed.contains(id)) {
                problems.add("$.templates: " + Problem.quoted(id) + " is installed in this realm and a document cannot uninstall"
                        + " a template (its rules are steps of the realm's flows); list it, or remove its rules from the flows"
                        + " and its record first");
            }
        }
        return new Plan(installs, wanted);
    }

    /**
     * Installs what the plan lists, in the import's transaction; a refusal (the lockout guard's) is the answer, and the
     * transaction is then marked for rollback, so nothing of the import stays. Rights are the caller's (manage-realm).
     */
    public Optional<Response> apply(Plan plan) {
        TemplatesResource templates = new TemplatesResource(session, realm, auth, adminEvent);
        for (Install install : plan.installs()) {
            try {
                Optional<Response> refused = templates.installNow(install.template(), install.parameters());
                if (refused.isPresent()) {
                    return refused;
                }
            } catch (ProblemException e) {
                session.getTransactionManager().setRollbackOnly();
                return Optional.of(e.problem().response());
            }
        }
        return Optional.empty();
    }
}
