package io.github.zerotrust.keycloak.authn.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.authn.breakglass.BreakGlassAccounts;
import io.github.zerotrust.keycloak.authn.breakglass.BreakGlassResource;
import io.github.zerotrust.keycloak.authn.elevation.EligibilitySection;
import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.authn.ssf.TransmitterSection;
import io.github.zerotrust.keycloak.authn.template.TemplateSection;
import io.github.zerotrust.keycloak.config.ConfigDiff;
import io.github.zerotrust.keycloak.config.ZeroTrustSettings;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.location.NetworkZone;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/config}: the realm's zero-trust configuration as one versioned JSON
 * document (the suite's realm settings, the named network zones, the break-glass accounts by username, the JIT
 * eligibilities by username or group path, the trusted Shared Signals transmitters without their secrets). Export and
 * dry run need view-realm and view-users; applying needs, per section the document carries, what that section's own
 * API needs (settings and zones: manage-realm; break-glass: manage-realm and manage-users, never marking the caller;
 * eligibilities: manage-realm and, for each one added, changed or deleted, the right to map its role to its user or
 * group; transmitters: manage-realm and manage-users).
 * Applying is all-or-nothing in the request's transaction and is one admin event.
 */
public final class ConfigResource {

    public static final String SCHEMA_ID = "https://zerotrust.github.io/keycloak-zero-trust/zero-trust-config/v1";
    public static final int VERSION = 1;
    /** The schema, in the bundle and served at {@code config/schema}. */
    static final String SCHEMA_RESOURCE = "zero-trust/config-v1.schema.json";
    /** Four zones at their own API's cap, and the settings beside them. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final String INVALID_CONFIG = "invalid-config";
    static final String UNKNOWN_VERSION = "unknown-config-version";
    static final String CANNOT_MARK_SELF = "cannot-mark-self-break-glass";
    static final String SETTINGS = "settings";
    static final String ZONES = "zones";
    static final String BREAK_GLASS = "breakGlass";
    static final String ELIGIBILITIES = "eligibilities";
    static final String TRANSMITTERS = "transmitters";
    static final String TEMPLATES = "templates";
    /** In an applying answer: each new push transmitter's push secret, shown this once. */
    static final String PUSH_SECRETS = "pushSecrets";
    /** The document's members, in the order the exporter writes them. */
    static final List<String> MEMBERS = List.of("schema", "version", "realm", SETTINGS, ZONES, BREAK_GLASS, ELIGIBILITIES,
            TRANSMITTERS, TEMPLATES);
    static final List<String> ZONE_MEMBERS = List.of("name", "trusted", "description", "ranges");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    ConfigResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response export() {
        auth.realm().requireViewRealm();
        auth.users().requireView();
        return Response.ok(document(realm.getName(), settings(), zones(), breakGlassUsernames(), eligibilities().export(),
                transmitters().export(), templates().export())).build();
    }

    @GET
    @Path("schema")
    @Produces("application/schema+json")
    public Response schema() throws IOException {
        auth.realm().requireViewRealm();
        try (InputStream in = ConfigResource.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the bundle");
            }
            return Response.ok(in.readAllBytes()).build();
        }
    }

    /** With {@code dryRun=true} answers what applying would change and changes nothing; without, applies it. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response apply(@QueryParam("dryRun") boolean dryRun, InputStream body) {
        auth.realm().requireViewRealm();
        auth.users().requireView();
        Parsed parsed;
        try {
            parsed = parse(JsonBody.object(session, body, MAX_BODY_BYTES));
        } catch (ProblemException e) {
            return e.problem().response();
        }
        if (!dryRun) {
            // Every right first: an admin learns nothing from validation of a section he may not change.
            if (parsed.settings() != null || parsed.zones() != null) {
                auth.realm().requireManageRealm();
            }
            if (parsed.breakGlass() != null) {
                auth.realm().requireManageRealm();
                auth.users().requireManage();
            }
            if (parsed.eligibilities() != null) {
                auth.realm().requireManageRealm();
            }
            if (parsed.transmitters() != null) {
                // As the transmitters API: what a trusted transmitter can do is what managing users does.
                auth.realm().requireManageRealm();
                auth.users().requireManage();
            }
            if (parsed.templates() != null) {
                // As the templates API's install.
                auth.realm().requireManageRealm();
            }
        }
        List<String> problems = new ArrayList<>(parsed.problems());
        Set<String> breakGlassIds = new TreeSet<>();
        Set<String> marked = BreakGlassAccounts.ids(realm);
        if (parsed.breakGlass() != null) {
            for (int i = 0; i < parsed.breakGlass().size(); i++) {
                String username = parsed.breakGlass().get(i);
                UserModel user = session.users().getUserByUsername(realm, username);
                if (user == null) {
                    problems.add("$.breakGlass[" + i + "]: no user " + Problem.quoted(username) + " in this realm");
                } else {
                    // What the break-glass API refuses to mark, the import refuses too (accounts already marked stay).
                    Optional<Problem> refused = marked.contains(user.getId()) ? Optional.empty()
                            : BreakGlassResource.notMarkable(session, realm, user);
                    if (refused.isPresent()) {
                        problems.add("$.breakGlass[" + i + "]: " + refused.get().description());
                    }
                    breakGlassIds.add(user.getId());
                }
            }
            if (breakGlassIds.size() > BreakGlassResource.MAX_ACCOUNTS) {
                problems.add("$.breakGlass: at most " + BreakGlassResource.MAX_ACCOUNTS + " break-glass accounts");
            }
            if (!dryRun) {
                // Each account marked or unmarked needs the right to manage that user, as in the break-glass API.
                Set<String> touched = new TreeSet<>(breakGlassIds);
                touched.addAll(marked);
                touched.removeIf(id -> breakGlassIds.contains(id) && marked.contains(id));
                for (String id : touched) {
                    UserModel user = session.users().getUserById(realm, id);
                    if (user != null) {
                        auth.users().requireManage(user);
                    }
                }
            }
        }
        EligibilitySection.Plan eligibilities = parsed.eligibilities() == null ? null
                : eligibilities().plan(parsed.eligibilities(), problems);
        TransmitterSection.Plan transmitters = parsed.transmitters() == null ? null
                : transmitters().plan(parsed.transmitters(), problems);
        TemplateSection.Plan templates = parsed.templates() == null ? null : templates().plan(parsed.templates(), problems);
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        if (!dryRun && eligibilities != null) {
            Optional<Response> refused = eligibilities().refusal(eligibilities);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        if (!dryRun && parsed.breakGlass() != null) {
            String caller = auth.adminAuth() == null || auth.adminAuth().getUser() == null ? null : auth.adminAuth().getUser().getId();
            if (caller != null && breakGlassIds.contains(caller) && !BreakGlassAccounts.ids(realm).contains(caller)) {
                return Problem.forbidden(CANNOT_MARK_SELF, "An admin cannot mark his own account break-glass; another admin must.")
                        .response();
            }
        }
        Map<String, Map<String, String>> wanted = wanted(parsed);
        if (eligibilities != null) {
            wanted.put(ELIGIBILITIES, eligibilities.wanted());
        }
        if (transmitters != null) {
            wanted.put(TRANSMITTERS, transmitters.wanted());
        }
        if (templates != null) {
            wanted.put(TEMPLATES, templates.wanted());
        }
        List<ConfigDiff.Section> diff = ConfigDiff.between(current(), wanted);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dryRun", dryRun);
        answer.put("changes", diffJson(diff));
        if (dryRun) {
            return Response.ok(answer).build();
        }
        try {
            write(parsed, breakGlassIds);
        } catch (ComponentValidationException e) {
            session.getTransactionManager().setRollbackOnly();
            return invalid(List.of("$.zones: " + e.getMessage()));
        }
        if (eligibilities != null) {
            eligibilities().apply(eligibilities);
        }
        Map<String, String> pushSecrets = transmitters == null ? Map.of() : transmitters().apply(transmitters);
        if (templates != null) {
            // Last: a template's flows are bound through the lockout guard, which then sees the rest of the import.
            Optional<Response> refused = templates().apply(templates);
            if (refused.isPresent()) {
                session.getTransactionManager().setRollbackOnly();
                return refused.get();
            }
        }
        // The event carries the diff only: never a push secret.
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.REALM).resourcePath("zero-trust", "config")
                .representation(answer.get("changes")).success();
        if (pushSecrets.isEmpty()) {
            return Response.ok(answer).build();
        }
        answer.put(PUSH_SECRETS, pushSecrets);
        return Response.ok(answer).header("Cache-Control", "no-store").build();
    }

    private void write(Parsed parsed, Set<String> breakGlassIds) {
        if (parsed.settings() != null) {
            for (String key : settings().keySet()) {
                if (!parsed.settings().containsKey(key)) {
                    realm.removeAttribute(key);
                }
            }
            parsed.settings().forEach(realm::setAttribute);
        }
        if (parsed.zones() != null) {
            Map<String, ZoneRepresentation> wanted = new LinkedHashMap<>();
            parsed.zones().forEach(z -> wanted.put(z.getName().toLowerCase(Locale.ROOT), z));
            for (ComponentModel model : ZonesResource.zones(realm).toList()) {
                if (model.getName() == null || !wanted.containsKey(model.getName().toLowerCase(Locale.ROOT))) {
                    realm.removeComponent(model);
                }
            }
            for (ZoneRepresentation rep : parsed.zones()) {
                String name = rep.getName().toLowerCase(Locale.ROOT);
                Optional<ComponentModel> existing = ZonesResource.zones(realm)
                        .filter(m -> m.getName() != null && m.getName().toLowerCase(Locale.ROOT).equals(name)).findFirst();
                NetworkZone zone;
                try {
                    zone = ZonesResource.zone(rep.getName(), rep);
                } catch (ProblemException e) {
                    throw new IllegalStateException("a zone validated before the write no longer validates", e);
                }
                ZonesResource.save(realm, existing, zone, rep.getDescription());
            }
        }
        if (parsed.breakGlass() != null) {
            BreakGlassAccounts.save(realm, breakGlassIds);
        }
    }

    private EligibilitySection eligibilities() {
        return new EligibilitySection(session, realm, auth);
    }

    private TransmitterSection transmitters() {
        return new TransmitterSection(session, realm);
    }

    private TemplateSection templates() {
        return new TemplateSection(session, realm, auth, adminEvent);
    }

    /** The realm's settings the document carries (no secrets, no state), in key order. */
    private SortedMap<String, String> settings() {
        SortedMap<String, String> settings = new TreeMap<>();
        realm.getAttributes().forEach((key, value) -> {
            if (ZeroTrustSettings.isSetting(key) && value != null && !value.isBlank()) {
                settings.put(key, value);
            }
        });
        return settings;
    }

    private List<ZoneRepresentation> zones() {
        return ZonesResource.zones(realm).map(ZonesResource::toRepresentation)
                .sorted(java.util.Comparator.comparing(ZoneRepresentation::getName)).toList();
    }

    /** Marked accounts by username, sorted; an id whose user is gone is left out (it marks nobody). */
    private List<String> breakGlassUsernames() {
        return BreakGlassAccounts.ids(realm).stream().map(id -> session.users().getUserById(realm, id))
                .filter(java.util.Objects::nonNull).map(UserModel::getUsername).sorted().toList();
    }

    private Map<String, Map<String, String>> current() {
        Map<String, Map<String, String>> current = new LinkedHashMap<>();
        current.put(SETTINGS, settings());
        current.put(ZONES, zoneTexts(zones()));
        Map<String, String> users = new TreeMap<>();
        breakGlassUsernames().forEach(u -> users.put(u, u));
        current.put(BREAK_GLASS, users);
        current.put(ELIGIBILITIES, eligibilities().current());
        current.put(TRANSMITTERS, transmitters().current());
        current.put(TEMPLATES, templates().current());
        return current;
    }

    private static Map<String, Map<String, String>> wanted(Parsed parsed) {
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        if (parsed.settings() != null) {
            wanted.put(SETTINGS, parsed.settings());
        }
        if (parsed.zones() != null) {
            List<ZoneRepresentation> canonical = new ArrayList<>();
            for (ZoneRepresentation rep : parsed.zones()) {
                try {
                    NetworkZone zone = ZonesResource.zone(rep.getName(), rep);
                    canonical.add(new ZoneRepresentation(zone.name(), zone.trusted(),
                            rep.getDescription() == null || rep.getDescription().isBlank() ? null : rep.getDescription(),
                            zone.ranges()));
                } catch (ProblemException e) {
                    throw new IllegalStateException("a zone validated before the diff no longer validates", e);
                }
            }
            wanted.put(ZONES, zoneTexts(canonical));
        }
        if (parsed.breakGlass() != null) {
            Map<String, String> users = new TreeMap<>();
            parsed.breakGlass().forEach(u -> users.put(u, u));
            wanted.put(BREAK_GLASS, users);
        }
        return wanted;
    }

    private static Map<String, String> zoneTexts(List<ZoneRepresentation> zones) {
        Map<String, String> texts = new TreeMap<>();
        for (ZoneRepresentation zone : zones) {
            texts.put(zone.getName(), zoneJson(zone).toString());
        }
        return texts;
    }

    /** Keycloak-free: the document, its members always in {@link #MEMBERS} order so an export is byte-stable. */
    static ObjectNode document(String realmName, SortedMap<String, String> settings, List<ZoneRepresentation> zones,
            List<String> breakGlass, List<ObjectNode> eligibilities, List<ObjectNode> transmitters, List<ObjectNode> templates) {
        ObjectNode doc = JsonFormat.strict().createObjectNode();
        doc.put("schema", SCHEMA_ID);
        doc.put("version", VERSION);
        doc.put("realm", realmName);
        ObjectNode s = doc.putObject(SETTINGS);
        settings.forEach(s::put);
        ArrayNode z = doc.putArray(ZONES);
        zones.forEach(zone -> z.add(zoneJson(zone)));
        ArrayNode b = doc.putArray(BREAK_GLASS);
        breakGlass.forEach(b::add);
        doc.putArray(ELIGIBILITIES).addAll(eligibilities);
        doc.putArray(TRANSMITTERS).addAll(transmitters);
        doc.putArray(TEMPLATES).addAll(templates);
        return doc;
    }

    private static ObjectNode zoneJson(ZoneRepresentation zone) {
        ObjectNode node = JsonFormat.strict().createObjectNode();
        node.put("name", zone.getName());
        node.put("trusted", zone.isTrusted());
        if (zone.getDescription() != null && !zone.getDescription().isBlank()) {
            node.put("description", zone.getDescription());
        }
        ArrayNode ranges = node.putArray("ranges");
        // Sorted: a zone is a set of ranges, and Keycloak's component store keeps no order, so the stored order is
        // not the order they were given in; sorting keeps the export byte-stable.
        (zone.getRanges() == null ? List.<String>of() : zone.getRanges()).stream().sorted().forEach(ranges::add);
        return node;
    }

    /** A document read but not yet resolved against the realm; a section left out is null (applying leaves it alone). */
    record Parsed(SortedMap<String, String> settings, List<ZoneRepresentation> zones, List<String> breakGlass,
            ArrayNode eligibilities, ArrayNode transmitters, ArrayNode templates, List<String> problems) {
    }

    /**
     * Keycloak-free: reads a document, collecting every problem with its JSON path; each part is validated by the
     * code its own API uses. A schema or version it does not know is {@code unknown-config-version}.
     */
    static Parsed parse(ObjectNode json) throws ProblemException {
        JsonNode version = json.get("version");
        if (!SCHEMA_ID.equals(json.path("schema").asText(null)) || version == null || !version.isInt() || version.intValue() != VERSION) {
            throw new ProblemException(Problem.badRequest(UNKNOWN_VERSION, "This server reads documents with \"schema\": \""
                    + SCHEMA_ID + "\" and \"version\": " + VERSION + "."));
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                problems.add("$." + name + ": unknown member; the members are " + String.join(", ", MEMBERS));
            }
        }
        if (json.has("realm") && !json.get("realm").isTextual()) {
            problems.add("$.realm: must be a string");
        }
        SortedMap<String, String> settings = null;
        if (json.has(SETTINGS)) {
            JsonNode node = json.get(SETTINGS);
            if (!node.isObject()) {
                problems.add("$.settings: must be an object of setting names to strings");
            } else {
                Map<String, Object> raw = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> raw.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue()));
                problems.addAll(ZeroTrustSettings.problems(raw));
                settings = new TreeMap<>();
                for (Map.Entry<String, Object> e : raw.entrySet()) {
                    if (e.getValue() instanceof String value) {
                        settings.put(e.getKey(), value);
                    }
                }
            }
        }
        List<ZoneRepresentation> zones = null;
        if (json.has(ZONES)) {
            JsonNode node = json.get(ZONES);
            if (!node.isArray()) {
                problems.add("$.zones: must be an array of zones");
            } else {
                zones = new ArrayList<>();
                Set<String> names = new TreeSet<>();
                for (int i = 0; i < node.size(); i++) {
                    String path = "$.zones[" + i + "]";
                    ZoneRepresentation rep;
                    try {
                        rep = JsonFormat.strict().treeToValue(node.get(i), ZoneRepresentation.class);
                    } catch (JsonProcessingException | IllegalArgumentException e) {
                        problems.add(path + ": not a zone (the members are " + String.join(", ", ZONE_MEMBERS) + ")");
                        continue;
                    }
                    if (rep == null || rep.getName() == null || rep.getName().isBlank()) {
                        problems.add(path + ".name: a zone needs a name");
                        continue;
                    }
                    try {
                        ZonesResource.zone(rep.getName(), rep);
                    } catch (ProblemException e) {
                        problems.add(path + ": " + e.problem().description());
                        continue;
                    }
                    if (!names.add(rep.getName().toLowerCase(Locale.ROOT))) {
                        problems.add(path + ".name: a second zone named " + Problem.quoted(rep.getName()));
                        continue;
                    }
                    zones.add(rep);
                }
            }
        }
        List<String> breakGlass = null;
        if (json.has(BREAK_GLASS)) {
            JsonNode node = json.get(BREAK_GLASS);
            if (!node.isArray()) {
                problems.add("$.breakGlass: must be an array of usernames");
            } else {
                breakGlass = new ArrayList<>();
                Set<String> seen = new TreeSet<>();
                for (int i = 0; i < node.size(); i++) {
                    JsonNode user = node.get(i);
                    if (!user.isTextual() || user.textValue().isBlank()) {
                        problems.add("$.breakGlass[" + i + "]: must be a username");
                    } else if (!seen.add(user.textValue().toLowerCase(Locale.ROOT))) {
                        problems.add("$.breakGlass[" + i + "]: " + Problem.quoted(user.textValue()) + " is listed twice");
                    } else {
                        breakGlass.add(user.textValue());
                    }
                }
            }
        }
        ArrayNode eligibilities = array(json, ELIGIBILITIES, "eligibility objects", problems);
        ArrayNode transmitters = array(json, TRANSMITTERS, "transmitter objects", problems);
        ArrayNode templates = array(json, TEMPLATES, "template objects", problems);
        return new Parsed(settings, zones, breakGlass, eligibilities, transmitters, templates, List.copyOf(problems));
    }

    /** A section that is an array of items read later against the realm; null when left out (or not an array). */
    private static ArrayNode array(ObjectNode json, String section, String what, List<String> problems) {
        if (!json.has(section)) {
            return null;
        }
        if (!(json.get(section) instanceof ArrayNode array)) {
            problems.add("$." + section + ": must be an array of " + what);
            return null;
        }
        return array;
    }

    private static List<Map<String, Object>> diffJson(List<ConfigDiff.Section> diff) {
        List<Map<String, Object>> sections = new ArrayList<>();
        for (ConfigDiff.Section section : diff) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("section", section.name());
            s.put("added", section.added());
            s.put("changed", section.changed().stream().map(c -> {
                Map<String, String> change = new LinkedHashMap<>();
                change.put("key", c.key());
                change.put("from", c.from());
                change.put("to", c.to());
                return change;
            }).toList());
            s.put("removed", section.removed());
            sections.add(s);
        }
        return sections;
    }

    private static Response invalid(List<String> problems) {
        return Problem.badRequest(INVALID_CONFIG, problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + String.join("; ", problems)).response();
    }
}
