/**
 * The risk core of adaptive sign-in: {@link io.github.zerotrust.keycloak.risk.SignInFacts} go through the
 * {@link io.github.zerotrust.keycloak.risk.Signal}s of a {@link io.github.zerotrust.keycloak.risk.RiskScorer}
 * and come out as an {@link io.github.zerotrust.keycloak.risk.Assessment}: a 0-100 score (the capped sum of the
 * weights of the signals that fired), a level by the thresholds, and named reasons. No Keycloak types: the
 * shell gathers the facts, stores the history and writes the events.
 *
 * <p>When a fact is missing the signal that needs it stays silent (fail open), because each signal is one
 * voice among several and a missing geo database must not lock everyone out; the level conditions decide
 * what a score means. The exceptions: {@code new-device} (no recognised device counts as new) and
 * {@code new-country} once the history has a known country (a country that cannot be known counts as a new
 * place, so that an address the GeoIP data cannot place is no way around the geo signals).
 *
 * <table>
 *   <caption>What each signal does without its facts</caption>
 *   <tr><th>signal</th><th>missing fact</th><th>outcome</th></tr>
 *   <tr><td>new-device</td><td>no device id, or empty history</td><td>fires</td></tr>
 *   <tr><td>new-country</td><td>no known country in the history</td><td>silent</td></tr>
 *   <tr><td>new-country</td><td>unknown country now, after known ones</td><td>fires, unless an earlier sign-in without a
 *       country came from the same address or zone: an unplaceable address is no way around it</td></tr>
 *   <tr><td>impossible-travel</td><td>no coordinates now or in the history</td><td>silent</td></tr>
 *   <tr><td>failure-velocity</td><td>no failure counts (the shell passes 0)</td><td>silent</td></tr>
 *   <tr><td>unusual-hour (learned)</td><td>fewer past sign-ins than the minimum</td><td>silent</td></tr>
 *   <tr><td>anonymising-network</td><td>unknown ASN</td><td>silent</td></tr>
 *   <tr><td>device-threat</td><td>no threat reported</td><td>silent</td></tr>
 * </table>
 *
 * <p>The reason names ({@code new-device}, {@code new-country}, {@code impossible-travel}, {@code unusual-hour},
 * {@code failure-velocity}, {@code anonymising-network}, {@code device-threat}), the {@code zt.risk.*} keys in
 * {@link io.github.zerotrust.keycloak.risk.RiskSettings} and the {@code zt1} note format are stored or
 * configured by admins, so they cannot change without a migration.
 */
package io.github.zerotrust.keycloak.risk;
