/**
 * The device compliance core: a device's {@link io.github.zerotrust.keycloak.device.Posture} (from the
 * registry, a signed posture token or an MDM API) judged by {@link io.github.zerotrust.keycloak.device.Compliance}
 * against the realm's {@link io.github.zerotrust.keycloak.device.ComplianceBaseline} (overridable per condition)
 * into a {@link io.github.zerotrust.keycloak.device.ComplianceVerdict} that lists every failed
 * {@link io.github.zerotrust.keycloak.device.Check}, and the {@link io.github.zerotrust.keycloak.device.DeviceTrust}
 * a token carries. No Keycloak types: the shell fetches and stores postures, verifies tokens, keeps the
 * start of non-compliance, shows the page and writes the events.
 *
 * <p>Fail closed: a fact the baseline requires and the posture does not carry fails its check as
 * "not reported". Unreadable input is an unknown fact, except for the registry endpoint, which refuses it.
 *
 * <table>
 *   <caption>What happens when a fact is missing or unreadable</caption>
 *   <tr><th>input</th><th>outcome</th></tr>
 *   <tr><td>required fact absent from the posture</td><td>its check fails, "not reported"; never in grace</td></tr>
 *   <tr><td>no platform</td><td>{@code platform} fails; no OS minimum can be applied; every platform-specific check applies</td></tr>
 *   <tr><td>no report time, or more than 5 minutes ahead</td><td>{@code posture-age} fails</td></tr>
 *   <tr><td>posture token claim of the wrong type or unreadable</td><td>that fact is unknown (see above)</td></tr>
 *   <tr><td>Graph field missing, mistyped or unrecognised</td><td>that fact is unknown; a non-object is a {@code PostureException}</td></tr>
 *   <tr><td>registry report invalid in any way</td><td>{@code PostureException} naming every problem (a 400 for the agent)</td></tr>
 *   <tr><td>baseline value unreadable</td><td>the default (or the overridden value), and a problem for the admin endpoint</td></tr>
 * </table>
 *
 * <p>The {@code zt.device.*} keys, the check ids, the message keys, the posture field and claim names and the
 * {@code device_trust} claim values are configured, translated, stored or read by applications, so they
 * cannot change without a migration.
 */
package io.github.zerotrust.keycloak.device;
