/**
 * The FIDO2 authenticator policy core: which passkeys and security keys a realm accepts, judged from
 * the credential's {@link io.github.zerotrust.keycloak.fido.RegisteredAuthenticator facts} (AAGUID,
 * attestation) and a verified FIDO Metadata Service {@link io.github.zerotrust.keycloak.fido.MetadataBlob
 * BLOB} (certification level, compromise reports). No Keycloak types and no WebAuthn4J: the shell verifies
 * attestation chains, loads the BLOB file and shows the message.
 *
 * <table>
 *   <caption>What happens without a verified metadata BLOB (absent, corrupt, expired or wrongly signed)</caption>
 *   <tr><th>rule</th><th>outcome</th></tr>
 *   <tr><td>minimum certification level above none</td><td>refused, {@code metadata-unavailable} (fail closed)</td></tr>
 *   <tr><td>require metadata</td><td>refused, {@code metadata-unavailable} (fail closed)</td></tr>
 *   <tr><td>refuse compromised</td><td>cannot act; does not refuse on its own</td></tr>
 *   <tr><td>allow / deny lists, require attestation</td><td>apply as usual</td></tr>
 * </table>
 *
 * <p>The {@code zt.fido.*} keys in {@link io.github.zerotrust.keycloak.fido.AuthenticatorPolicy}, the reason
 * names and the message keys are configured or shown to admins, so they cannot change without a migration.
 */
package io.github.zerotrust.keycloak.fido;
