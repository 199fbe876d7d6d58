/**
 * The just-in-time privileged-role core: an {@link io.github.zerotrust.keycloak.elevation.Eligibility} says who
 * may activate a role and on what terms; the {@link io.github.zerotrust.keycloak.elevation.ActivationPolicy}
 * turns an {@link io.github.zerotrust.keycloak.elevation.ActivationRequest} into a grant, a pending
 * {@link io.github.zerotrust.keycloak.elevation.ElevationRequest} or a refusal; an
 * {@link io.github.zerotrust.keycloak.elevation.Elevation} holds the role until it expires, is deactivated or is
 * extended; {@link io.github.zerotrust.keycloak.elevation.TokenLifetime} keeps tokens from outliving it and
 * {@link io.github.zerotrust.keycloak.elevation.ExpiryPlan} tells the scheduler what is due. No Keycloak types and
 * no clock: every rule takes {@code now}. The glue stores, assigns and removes roles, and writes the events.
 *
 * <table>
 *   <caption>What happens when something is missing or wrong (fail closed: this is privileged access)</caption>
 *   <tr><th>situation</th><th>outcome</th></tr>
 *   <tr><td>no eligibility for the role (or the role does not exist)</td><td>refused, {@code not-eligible}</td></tr>
 *   <tr><td>the session's authentication times unknown</td><td>refused, {@code step-up-required} (unless the
 *       eligibility demands none)</td></tr>
 *   <tr><td>eligibility ends during the asked window</td><td>granted, cut at the eligibility's end</td></tr>
 *   <tr><td>eligibility edited, ended or removed while approvers answer</td><td>checked again when the approved
 *       request starts: {@code not-eligible} or {@code eligibility-ended}; the window is cut by the new terms</td></tr>
 *   <tr><td>expiry task late or stopped</td><td>elevation past its end is due: tokens carrying its role are capped
 *       at its end, so they are already expired</td></tr>
 *   <tr><td>malformed id in a request path</td><td>refused, {@code malformed-id}, before any lookup</td></tr>
 *   <tr><td>unreadable realm setting</td><td>the default (numbers clamped, bad roles skipped), reported by
 *       {@link io.github.zerotrust.keycloak.elevation.ElevationSettings#read}</td></tr>
 * </table>
 *
 * <p>The {@link io.github.zerotrust.keycloak.elevation.Refusal} ids, the {@code zt.elevation.*} keys in
 * {@link io.github.zerotrust.keycloak.elevation.ElevationSettings}, the text forms of
 * {@link io.github.zerotrust.keycloak.elevation.RoleRef} and {@link io.github.zerotrust.keycloak.elevation.Strength},
 * and the state names are stored or configured, so they cannot change without a migration.
 */
package io.github.zerotrust.keycloak.elevation;
