package io.github.zerotrust.keycloak.authn.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.elevation.EligibilityDraft;
import io.github.zerotrust.keycloak.elevation.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * An eligibility as the admin REST body writes it: {@code user} (username) or {@code group} (name or path),
 * {@code role}, {@code maxDurationMinutes}, {@code justificationRequired}, {@code ticketMode}, {@code ticketPattern},
 * {@code approvalsRequired}, {@code approverGroup}, {@code stepUp}, {@code stepUpMaxAgeMinutes}, {@code endsAt}.
 * Names become ids here; what cannot be read becomes a problem, so one 400 answer names them all.
 */
final class EligibilityBody {

    /** Beyond any eligibility's limits; only keeps the arithmetic finite. */
    private static final long MAX_MINUTES = 100_000;

    private final KeycloakSession session;
    private final RealmModel realm;

    EligibilityBody(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Fills the draft from the body; problems are added to {@code problems}. */
    void fill(EligibilityDraft draft, JsonNode json, List<String> problems) {
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
        if (json.hasNonNull("approverGroup")) {
            group(json.path("approverGroup").asText()).ifPresentOrElse(g -> draft.approverGroup(g.getId()),
                    () -> problems.add("approverGroup: no group " + json.path("approverGroup").asText()));
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
