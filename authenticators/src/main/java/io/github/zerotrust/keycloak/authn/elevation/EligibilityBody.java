package io.github.zerotrust.keycloak.authn.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.elevation.EligibilityDraft;
import io.github.zerotrust.keycloak.elevation.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * An eligibility as the admin REST body writes it: {@code user} (username) or {@code group} (name or path),
 * {@code role}, {@code maxDurationMinutes}, {@code justificationRequired}, {@code ticketMode}, {@code ticketPattern},
 * {@code approvalsRequired}, {@code approverGroup} (null: none), {@code stepUp}, {@code stepUpMaxAgeMinutes},
 * {@code endsAt}.
 * Names become ids here; what cannot be read becomes a problem, so one 400 answer names them all. A field the body
 * does not know, or a value of the wrong JSON type, is a problem too: an update is partial, so a misspelt or mistyped
 * field would otherwise be dropped and the answer 200 with nothing changed. The fields of the answer ({@code id},
 * {@code principalType}, {@code principalId}) may come back with it and are ignored, so a read body can be sent again.
 */
final class EligibilityBody {

    /** Beyond any eligibility's limits; only keeps the arithmetic finite. */
    private static final long MAX_MINUTES = 100_000;

    private static final Set<String> TEXT = Set.of("user", "group", "role", "ticketMode", "ticketPattern", "approverGroup",
            "stepUp", "endsAt");
    private static final Set<String> WHOLE_NUMBERS = Set.of("maxDurationMinutes", "approvalsRequired", "stepUpMaxAgeMinutes");
    private static final Set<String> FLAGS = Set.of("justificationRequired");
    private static final Set<String> ECHOED = Set.of("id", "principalType", "principalId");

    private final KeycloakSession session;
    private final RealmModel realm;

    EligibilityBody(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Fills the draft from the body; problems are added to {@code problems}. */
    void fill(EligibilityDraft draft, JsonNode json, List<String> problems) {
        int before = problems.size();
        checkTypes(json, problems);
        if (problems.size() > before) {
            return;
        }
        if (json.hasNonNull("user")) {
            UserModel user = session.users().getUserByUsername(realm, json.path("user").asText());
            if (user == null) {
                problems.add("user: no user " + json.path("user").asText());
            } else {
                draft.principal(Principal.user(user.getId()));
            }
        } else if (json.hasNonNull("group")) {
            group(json.path("group").asText()).ifPresentOrElse(g -> draft.principal(Principal.group(g.getId())),
                    () -> problems.add("group: no group " + json.path("group").asText()));
        }
        if (json.hasNonNull("role")) {
            draft.role(json.path("role").asText());
        }
        if (json.hasNonNull("maxDurationMinutes")) {
            draft.maxDuration(Duration.ofMinutes(minutes(json.path("maxDurationMinutes"))));
        }
        if (json.has("justificationRequired")) {
            draft.justificationRequired(json.path("justificationRequired").asBoolean(true));
        }
        if (json.hasNonNull("ticketMode")) {
            draft.ticketMode(json.path("ticketMode").asText());
        }
        if (json.has("ticketPattern")) {
            draft.ticketPattern(json.path("ticketPattern").isNull() ? null : json.path("ticketPattern").asText());
        }
        if (json.hasNonNull("approvalsRequired")) {
            draft.approvalsRequired(json.path("approvalsRequired").asInt(-1));
        }
        if (json.has("approverGroup")) {
            // null takes the group away (allowed only where no approval is needed: the eligibility says so).
            String approvers = json.path("approverGroup").isNull() ? null : json.path("approverGroup").asText().trim();
            if (approvers == null) {
                draft.approverGroup(null);
            } else if (approvers.isEmpty()) {
                problems.add("approverGroup: empty (null takes the group away)");
            } else {
                group(approvers).ifPresentOrElse(g -> draft.approverGroup(g.getId()),
                        () -> problems.add("approverGroup: no group " + approvers));
            }
        }
        if (json.hasNonNull("stepUp")) {
            draft.stepUp(json.path("stepUp").asText());
        }
        if (json.hasNonNull("stepUpMaxAgeMinutes")) {
            draft.stepUpMaxAge(Duration.ofMinutes(minutes(json.path("stepUpMaxAgeMinutes"))));
        }
        if (json.has("endsAt")) {
            try {
                draft.endsAt(json.path("endsAt").isNull() ? null : Instant.parse(json.path("endsAt").asText()));
            } catch (DateTimeParseException e) {
                problems.add("endsAt: not an ISO-8601 instant");
            }
        }
    }

    private static void checkTypes(JsonNode json, List<String> problems) {
        json.fields().forEachRemaining(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (TEXT.contains(name)) {
                if (!value.isNull() && !value.isTextual()) {
                    problems.add(quoted(name) + ": must be text");
                }
            } else if (WHOLE_NUMBERS.contains(name)) {
                if (!value.isNull() && !(value.isIntegralNumber() && value.canConvertToLong())) {
                    problems.add(quoted(name) + ": must be a whole number");
                }
            } else if (FLAGS.contains(name)) {
                if (!value.isNull() && !value.isBoolean()) {
                    problems.add(quoted(name) + ": must be true or false");
                }
            } else if (!ECHOED.contains(name)) {
                problems.add(quoted(name) + ": not a field of an eligibility");
            }
        });
    }

    private static String quoted(String name) {
        return io.github.zerotrust.keycloak.authn.rest.Problem.quoted(name);
    }

    private static long minutes(JsonNode value) {
        return Math.max(-1, Math.min(MAX_MINUTES, value.asLong()));
    }

    /** A group by its name, or by its path when the text starts with {@code /}; a path Keycloak cannot read is none. */
    Optional<GroupModel> group(String nameOrPath) {
        try {
            GroupModel group = nameOrPath.startsWith("/") ? KeycloakModelUtils.findGroupByPath(session, realm, nameOrPath)
                    : session.groups().getGroupByName(realm, null, nameOrPath);
            return Optional.ofNullable(group);
        } catch (RuntimeException unreadablePath) {
            return Optional.empty();
        }
    }
}
