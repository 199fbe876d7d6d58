package io.github.zerotrust.keycloak.assessment;

/** What one check found in the realm: its status and the evidence, with the numbers behind it. */
public record Finding(Check check, CheckStatus status, String evidence) {
}
