package io.github.zerotrust.keycloak.elevation;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The realm's guards against misuse of elevations, read once from its {@code zt.elevation.*} attributes like
 * {@link ElevationSettings} (never throws; defaults for what is missing, clamped numbers, problems listed).
 *
 * @param allowedClients        the apps whose tokens may ask for, extend and answer elevations over REST (their
 *                              {@code azp}); none listed: no token may (fail closed)
 * @param approvalStepUp        the strength an approver must show, fresh, to answer a request (default {@code mfa})
 * @param approvalStepUpMaxAge  how fresh (1 minute to 24 hours, default 15 minutes)
 * @param maxPendingRequests    requests one user may have waiting at once (1 to 20, default 3)
 * @param maxApproversMailed    approvers told of one request (1 to 50, default 20)
 */
public record ElevationSafeguards(Set<String> allowedClients, Strength approvalStepUp, Duration approvalStepUpMaxAge,
                                  int maxPendingRequests, int maxApproversMailed) {

    public static final String ALLOWED_CLIENTS = ElevationSettings.PREFIX + "allowed-clients";
    public static final String APPROVAL_STEP_UP = ElevationSettings.PREFIX + "approval-step-up";
    public static final String APPROVAL_STEP_UP_MAX_AGE_MINUTES = ElevationSettings.PREFIX + "approval-step-up-max-age-minutes";
    public static final String MAX_PENDING_REQUESTS = ElevationSettings.PREFIX + "max-pending-requests";
    public static final String MAX_APPROVERS_MAILED = ElevationSettings.PREFIX + "max-approvers-mailed";
    public static final int MAX_ALLOWED_CLIENTS = 200;

    private static final ElevationSafeguards DEFAULTS = new ElevationSafeguards(Set.of(), Strength.MFA,
            Duration.ofMinutes(15), 3, 20);

    public ElevationSafeguards {
        allowedClients = Set.copyOf(allowedClients);
        Objects.requireNonNull(approvalStepUp, "approvalStepUp");
        Objects.requireNonNull(approvalStepUpMaxAge, "approvalStepUpMaxAge");
        if (approvalStepUpMaxAge.isNegative() || approvalStepUpMaxAge.isZero() || maxPendingRequests < 1
                || maxApproversMailed < 1) {
            throw new IllegalArgumentException("Ages and limits are positive.");
        }
    }

    public static ElevationSafeguards defaults() {
        return DEFAULTS;
    }

    /** The safeguards and what could not be read. */
    public record Parsed(ElevationSafeguards safeguards, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    public static ElevationSafeguards parse(Map<String, String> attributes) {
        return read(attributes).safeguards();
    }

    public static Parsed read(Map<String, String> attributes) {
        ConfigMap in = ConfigMap.of(attributes == null ? Map.of() : attributes);
        ElevationSafeguards d = DEFAULTS;
        Strength strength = in.value(APPROVAL_STEP_UP, d.approvalStepUp(), text -> Strength.parse(text).orElse(null));
        return new Parsed(new ElevationSafeguards(clients(in),
                strength,
                Duration.ofMinutes(in.number(APPROVAL_STEP_UP_MAX_AGE_MINUTES, d.approvalStepUpMaxAge().toMinutes(), 1, 1440)),
                in.number(MAX_PENDING_REQUESTS, d.maxPendingRequests(), 1, 20),
                in.number(MAX_APPROVERS_MAILED, d.maxApproversMailed(), 1, 50)),
                in.problems());
    }

    /** Whether a token issued to {@code clientId} (its {@code azp}) may ask for or answer elevations. */
    public boolean allows(String clientId) {
        return clientId != null && allowedClients.contains(clientId);
    }

    /**
     * Whether a user who has {@code pendingOfUser} requests waiting, {@code forSameRole} of them for this role, may
     * open another: one per role, and at most {@link #maxPendingRequests} in all.
     */
    public Refusal refusalOfAnotherRequest(int pendingOfUser, boolean forSameRole) {
        if (forSameRole) {
            return Refusal.ALREADY_PENDING;
        }
        return pendingOfUser >= maxPendingRequests ? Refusal.TOO_MANY_PENDING : null;
    }

    // Client ids may hold spaces in principle, never commas; line breaks and semicolons separate too.
    private static Set<String> clients(ConfigMap in) {
        Set<String> clients = new LinkedHashSet<>();
        for (String item : in.names(ALLOWED_CLIENTS)) {
            if (clients.size() < MAX_ALLOWED_CLIENTS && FreeText.isName(item, RoleRef.MAX_NAME_LENGTH)) {
                clients.add(item);
            }
        }
        return clients;
    }
}
