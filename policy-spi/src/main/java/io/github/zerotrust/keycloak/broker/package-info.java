/**
 * Brokered sign-ins: what the realm makes of a partner's sign-in at its own identity provider. Each provider's
 * trust ({@link io.github.zerotrust.keycloak.broker.PartnerTrust}, off by default) maps the upstream ID token's
 * {@code acr}/{@code amr} onto the realm's strengths; the outcome ({@link io.github.zerotrust.keycloak.broker.Upstream})
 * is one more fact of the sign-in. No Keycloak types: the shell reads the provider's settings and the validated
 * token and hands them over as plain values.
 */
package io.github.zerotrust.keycloak.broker;
