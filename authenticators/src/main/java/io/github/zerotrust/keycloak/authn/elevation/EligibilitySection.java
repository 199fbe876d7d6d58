package io.github.zerotrust.keycloak.authn.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.EligibilityDraft;
import io.github.zerotrust.keycloak.elevation.ElevationException;
import io.github.zerotrust.keycloak.elevation.Principal;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.json.JsonFormat;
import jakarta.ws.rs.core.Response;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The {@code eligibilities} section of the configuration document ({@code authn.admin.ConfigResource}): the realm's
 * eligibilities with users by username and groups by path, no ids, in key order. An import reads each with the
 * eligibility API's own body reader ({@link EligibilityBody}), draft and role checks, needs for each eligibility it
 * adds, changes or deletes the rights the eligibility API asks ({@link AdminRights}), and writes through the API's
 * own save and delete ({@link ElevationAdminResource#saveEligibility}, {@link ElevationAdminResource#deleteEligibility}),
 * so elevations under a changed or deleted eligibility end as they do there. Replaces the realm's eligibilities.
 */
public final class EligibilitySection {

    /** An eligibility's members in a document, in the order the exporter writes them (optional ones left out when unset). */
    public static final List<String> MEMBERS = List.of("user", "group", "role", "maxDurationMinutes", "justificationRequired",
            "ticketMode", "ticketPattern", "approvalsRequired", "approverGroup", "stepUp", "stepUpMaxAgeMinutes", "endsAt");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public EligibilitySection(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /** What an import would write: every eligibility the document names (existing ids kept), and what goes. */
    public record Plan(List<Eligibility> added, List<Eligibility> changedFrom, List<Eligibility> changedTo,
            List<Eligibility> removed, Map<String, String> wanted) {
    }

    /** The realm's eligibilities as the document writes them, in key order. */
    public List<ObjectNode> export() {
        List<ObjectNode> items = new ArrayList<>();
        for (Eligibility e : sorted(new ElevationStore(session).eligibilities(realm.getId()))) {
            item(e).ifPresent(items::add);
        }
        return items;
    }

    /** The realm's eligibilities for the diff: key → canonical text. */
    public Map<String, String> current() {
        Map<String, String> current = new TreeMap<>();
        for (Eligibility e : sorted(new ElevationStore(session).eligibilities(realm.getId()))) {
            current.put(unique(current, key(e)), item(e).map(JsonNode::toString).orElse("(its user or group is gone)"));
        }
        return current;
    }

    /**
     * Reads the document's eligibilities against this realm; every problem is added to {@code problems} with its JSON
     * path. The plan is only meant to be applied when no problem was added.
     */
    public Plan plan(JsonNode items, List<String> problems) {
        Map<String, Deque<Eligibility>> existing = new LinkedHashMap<>();
        for (Eligibility e : sorted(new ElevationStore(session).eligibilities(realm.getId()))) {
            existing.computeIfAbsent(key(e), k -> new ArrayDeque<>()).add(e);
        }
        List<Eligibility> added = new ArrayList<>();
        List<Eligibility> changedFrom = new ArrayList<>();
        List<Eligibility> changedTo = new ArrayList<>();
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "$.eligibilities[" + i + "]";
            Optional<Eligibility> read = read(items.get(i), path, problems);
            if (read.isEmpty()) {
                continue;
            }
            String key = key(read.get());
            if (wanted.containsKey(key)) {
                problems.add(path + ": a second eligibility of " + key);
                continue;
            }
            Deque<Eligibility> same = existing.get(key);
            Eligibility before = same == null ? null : same.poll();
            Eligibility after = before == null ? read.get() : EligibilityDraft.of(read.get()).id(before.id()).build();
            String text = item(after).map(JsonNode::toString).orElseThrow();
            wanted.put(key, text);
            if (before == null) {
                added.add(after);
            } else if (!text.equals(item(before).map(JsonNode::toString).orElse(""))) {
                changedFrom.add(before);
                changedTo.add(after);
            }
        }
        List<Eligibility> removed = new ArrayList<>();
        existing.values().forEach(removed::addAll);
        return new Plan(added, changedFrom, changedTo, removed, wanted);
    }

    /**
     * The eligibility API's rights for each eligibility the plan adds, changes (before and after) or deletes: 403
     * {@code not-permitted} and an event naming the admin, as that API answers, else empty.
     */
    public Optional<Response> refusal(Plan plan) {
        AdminRights rights = new AdminRights(session, realm, auth);
        List<Eligibility> touched = new ArrayList<>(plan.added());
        touched.addAll(plan.changedFrom());
        touched.addAll(plan.changedTo());
        touched.addAll(plan.removed());
        for (Eligibility e : touched) {
            if (!rights.mayGrant(e)) {
                return Optional.of(ElevationAdminResource.notPermitted(session, realm, rights, "eligibility-import",
                        "You may only make someone eligible for a role you could map yourself, and only users or groups"
                                + " you may manage; the document adds, changes or deletes an eligibility of "
                                + key(e) + "."));
            }
        }
        return Optional.empty();
    }

    /** Writes the plan through the eligibility API's own save and delete. */
    public void apply(Plan plan) {
        String adminId = new AdminRights(session, realm, auth).adminId();
        for (Eligibility e : plan.removed()) {
            ElevationAdminResource.deleteEligibility(session, realm, e, adminId);
        }
        for (Eligibility e : plan.changedTo()) {
            ElevationAdminResource.saveEligibility(session, realm, e, true, adminId);
        }
        for (Eligibility e : plan.added()) {
            ElevationAdminResource.saveEligibility(session, realm, e, false, adminId);
        }
    }

    private Optional<Eligibility> read(JsonNode node, String path, List<String> problems) {
        if (node == null || !node.isObject()) {
            problems.add(path + ": must be an eligibility object");
            return Optional.empty();
        }
        int before = problems.size();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                problems.add(path + "." + name + ": not a member of an eligibility in a document (no ids; the members are "
                        + String.join(", ", MEMBERS) + ")");
            }
        }
        if (node.hasNonNull("user") == node.hasNonNull("group")) {
            problems.add(path + ": give exactly one of user (a username) and group (a group path)");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        EligibilityDraft draft = Eligibility.draft().id(RecordId.random());
        new EligibilityBody(session, realm).fill(draft, node, found);
        if (found.isEmpty()) {
            found.addAll(draft.problems());
        }
        Eligibility eligibility = null;
        if (found.isEmpty()) {
            try {
                eligibility = draft.build();
                ElevationAdminResource.roleProblem(session, realm, eligibility).ifPresent(found::add);
            } catch (ElevationException e) {
                found.addAll(e.problems());
            }
        }
        found.forEach(p -> problems.add(path + "." + p));
        return found.isEmpty() ? Optional.ofNullable(eligibility) : Optional.empty();
    }

    private List<Eligibility> sorted(List<Eligibility> eligibilities) {
        List<Eligibility> sorted = new ArrayList<>(eligibilities);
        sorted.sort(Comparator.comparing(this::key).thenComparing(e -> e.id().toString()));
        return sorted;
    }

    /** Who and which role, as the document names them: {@code user:bob realm:admin}, {@code group:/ops client:app:deploy}. */
    String key(Eligibility e) {
        return name(e.principal()).orElse(e.principal().type().name().toLowerCase(java.util.Locale.ROOT) + ":(gone)")
                + " " + e.role();
    }

    private Optional<String> name(Principal principal) {
        if (principal.type() == Principal.Type.USER) {
            UserModel user = session.users().getUserById(realm, principal.id());
            return Optional.ofNullable(user).map(u -> "user:" + u.getUsername());
        }
        return groupPath(principal.id()).map(p -> "group:" + p);
    }

    private Optional<String> groupPath(String id) {
        GroupModel group = realm.getGroupById(id);
        return Optional.ofNullable(group).map(KeycloakModelUtils::buildGroupPath);
    }

    /** The document's form; empty when its user or group is gone (it grants nothing then). */
    private Optional<ObjectNode> item(Eligibility e) {
        ObjectNode node = JsonFormat.strict().createObjectNode();
        if (e.principal().type() == Principal.Type.USER) {
            UserModel user = session.users().getUserById(realm, e.principal().id());
            if (user == null) {
                return Optional.empty();
            }
            node.put("user", user.getUsername());
        } else {
            Optional<String> path = groupPath(e.principal().id());
            if (path.isEmpty()) {
                return Optional.empty();
            }
            node.put("group", path.get());
        }
        node.put("role", e.role().toString());
        node.put("maxDurationMinutes", e.maxDuration().toMinutes());
        node.put("justificationRequired", e.justificationRequired());
        node.put("ticketMode", e.ticketMode().name().toLowerCase(java.util.Locale.ROOT));
        e.ticketPattern().ifPresent(p -> node.put("ticketPattern", p));
        node.put("approvalsRequired", e.approvalsRequired());
        e.approverGroup().flatMap(this::groupPath).ifPresent(p -> node.put("approverGroup", p));
        node.put("stepUp", e.stepUp().id());
        node.put("stepUpMaxAgeMinutes", e.stepUpMaxAge().toMinutes());
        e.endsAt().ifPresent(t -> node.put("endsAt", t.toString()));
        return Optional.of(node);
    }

    private static String unique(Map<String, String> map, String key) {
        String k = key;
        for (int n = 2; map.containsKey(k); n++) {
            k = key + " (" + n + ")";
        }
        return k;
    }
}
