package io.github.zerotrust.keycloak.elevation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Users, groups, roles and eligibilities the elevation tests share. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");
    static final String ALICE = "0b1e6a52-5a0b-4c61-9f7c-1f0c1e9d2a01";
    static final String BOB = "1c2f7b63-6b1c-4d72-8a8d-2a1d2f0e3b02";
    static final String CAROL = "2d3a8c74-7c2d-4e83-9b9e-3b2e3a1f4c03";
    static final String DAVE = "3e4b9d85-8d3e-4f94-8caf-4c3f4b2a5d04";
    static final String ADMINS = "group-admins";
    static final String APPROVERS = "group-approvers";
    static final RoleRef REALM_ADMIN = RoleRef.realm("realm-admin");
    static final RoleRef MANAGE_USERS = RoleRef.client("realm-management", "manage-users");
    static final RecordId ELIGIBILITY_ID = RecordId.of("6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4b");

    /** The approver group's members when Alice asks. */
    static final java.util.Set<String> APPROVER_IDS = java.util.Set.of(BOB, CAROL, DAVE);

    static final Actor ALICE_AS_ADMIN = Actor.of(ALICE, ADMINS);
    static final Actor BOB_APPROVER = Actor.of(BOB, APPROVERS);
    static final Actor CAROL_APPROVER = Actor.of(CAROL, APPROVERS);
    static final Actor DAVE_APPROVER = Actor.of(DAVE, APPROVERS, ADMINS);

    private Fixtures() {
    }

    /** Alice may activate realm-admin for up to an hour, with justification and a fresh MFA; no approval. */
    static EligibilityDraft aliceMayAdminister() {
        return Eligibility.draft().id(ELIGIBILITY_ID).principal(Principal.user(ALICE)).role(REALM_ADMIN);
    }

    static Eligibility withApprovals(int approvals) {
        return aliceMayAdminister().approvalsRequired(approvals).approverGroup(APPROVERS).build();
    }

    static List<RecentAuthentication> mfaAgo(Duration age) {
        return List.of(new RecentAuthentication(Strength.MFA, NOW.minus(age)));
    }

    static final List<RecentAuthentication> FRESH_MFA = mfaAgo(Duration.ofMinutes(1));

    static ActivationRequest ask(Duration duration) {
        return ActivationRequest.of(REALM_ADMIN, duration, "INC-42: restore the payroll client");
    }

    /** An MFA a minute before {@code now}. */
    static List<RecentAuthentication> mfaBefore(Instant now) {
        return List.of(new RecentAuthentication(Strength.MFA, now.minusSeconds(60)));
    }

    /** Alice asks at {@code now}, with an MFA a minute old. */
    static Activation decide(Eligibility eligibility, ActivationRequest request, Instant now) {
        return new ActivationPolicy(ElevationSettings.defaults()).decide(List.of(eligibility), ALICE_AS_ADMIN, request,
                mfaBefore(now), now);
    }

    static Activation grant(Eligibility eligibility, Duration duration, Instant now) {
        Activation activation = decide(eligibility, ask(duration), now);
        if (!activation.isGranted()) {
            throw new IllegalStateException("expected a grant, not " + activation);
        }
        return activation;
    }

    static Elevation elevation(Duration duration) {
        return Elevation.start(RecordId.random(), grant(aliceMayAdminister().build(), duration, NOW));
    }

    static ElevationRequest pending(int approvals) {
        Activation activation = decide(withApprovals(approvals), ask(Duration.ofMinutes(30)), NOW);
        return ElevationRequest.open(RecordId.random(), activation, Duration.ofHours(24), APPROVER_IDS);
    }
}
