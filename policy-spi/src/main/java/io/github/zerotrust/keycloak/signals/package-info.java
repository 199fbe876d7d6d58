/**
 * Continuous access evaluation: a {@link io.github.zerotrust.keycloak.signals.Signal} (what changed, about
 * whom, who said so) becomes, through {@link io.github.zerotrust.keycloak.signals.Revocations}, a
 * {@link io.github.zerotrust.keycloak.signals.Plan} of idempotent {@link io.github.zerotrust.keycloak.signals.Action}s
 * on sessions, tokens, accounts and devices. No Keycloak types: the shell resolves subjects to the realm's ids,
 * carries the plan out, and writes the events.
 *
 * <p>Fail closed: every critical event acts by default; an admin may turn a trigger off
 * ({@code zt.signals.off}), never a containment; an unreadable setting falls back to its default and is
 * reported. Trigger and action ids are in events and metrics, so they cannot change without a migration.
 */
package io.github.zerotrust.keycloak.signals;
