/**
 * Guests: users from outside the organisation ({@link io.github.zerotrust.keycloak.guest.Guest}), who need a sponsor
 * and an end date ({@link io.github.zerotrust.keycloak.guest.GuestTerms}); the realm's
 * {@link io.github.zerotrust.keycloak.guest.GuestSettings}; and what the sponsor is told when
 * ({@link io.github.zerotrust.keycloak.guest.GuestNotice}). No Keycloak types and no clock: every rule takes
 * {@code now}. The sign-in rule is {@link io.github.zerotrust.keycloak.policy.GuestAccessRule}.
 *
 * <table>
 *   <caption>What happens when something is missing or wrong (fail closed)</caption>
 *   <tr><th>situation</th><th>outcome</th></tr>
 *   <tr><td>a guest without a sponsor or an end date</td><td>refused at sign-in ({@code ztGuestNotSetUp}) unless the
 *       step's {@code missing_record} is {@code allow}</td></tr>
 *   <tr><td>a guest record the user could change himself (the realm's user profile lets users edit it)</td><td>treated
 *       as no record: refused</td></tr>
 *   <tr><td>an unreadable end date</td><td>counts as none: refused</td></tr>
 *   <tr><td>the expiry task late or stopped</td><td>the sign-in step compares the end date itself: refused on time;
 *       sessions end and the sponsor is told at the next turn</td></tr>
 *   <tr><td>unreadable realm setting</td><td>the default (numbers clamped)</td></tr>
 * </table>
 */
package io.github.zerotrust.keycloak.guest;
