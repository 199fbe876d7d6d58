package io.github.zerotrust.keycloak.authn.adminpage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which same-named clients setting up the admin page takes as they are, narrows, or refuses (threat P7). */
class ClientFitTest {

    static final String PAGE = "https://sso.example.com/realms/acme/zero-trust/admin/";
    static final String ORIGIN = "https://sso.example.com";

    static ClientFit.Shape fit() {
        return new ClientFit.Shape("openid-connect", true, false, false, true, false, false, false, false, "S256",
                Set.of(PAGE), Set.of(ORIGIN), true);
    }

    @Test
    void theClientAsSetUpIsReady() {
        ClientFit verdict = ClientFit.of(fit(), PAGE, ORIGIN);
        assertThat(verdict.ready()).isTrue();
        assertThat(verdict.repairs()).isEmpty();
        assertThat(verdict.refusals()).isEmpty();
    }

    @Test
    void aPublicClientWithWiderGrantsIsNarrowed() {
        ClientFit.Shape shape = new ClientFit.Shape("openid-connect", true, false, false, false, true, true, true, true, null,
                Set.of(), Set.of(), false);
        ClientFit verdict = ClientFit.of(shape, PAGE, ORIGIN);
        assertThat(verdict.repairable()).isTrue();
        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.repairs()).containsExactly("add the redirect URI " + PAGE, "add the web origin " + ORIGIN,
                "switch the standard flow on", "switch the implicit flow off", "switch direct access grants off",
                "switch the device authorisation grant off", "switch CIBA off",
                "let its tokens carry the admin's realm-management roles (scope realm-admin), which the admin REST reads",
                "require PKCE with S256");
    }

    @Test
    void aConfidentialClientIsRefusedNotRepaired() {
        ClientFit.Shape shape = new ClientFit.Shape("openid-connect", false, false, true, true, false, false, false, false,
                "S256", Set.of(PAGE), Set.of(ORIGIN), true);
        ClientFit verdict = ClientFit.of(shape, PAGE, ORIGIN);
        assertThat(verdict.repairable()).isFalse();
        assertThat(verdict.refusals()).hasSize(2);
        assertThat(verdict.refusals().get(0)).contains("confidential");
        assertThat(verdict.refusals().get(1)).contains("service account");
    }

    @Test
    void aBearerOnlyClientIsRefused() {
        ClientFit.Shape shape = new ClientFit.Shape("openid-connect", true, true, false, true, false, false, false, false,
                "S256", Set.of(PAGE), Set.of(ORIGIN), true);
        assertThat(ClientFit.of(shape, PAGE, ORIGIN).repairable()).isFalse();
    }

    @Test
    void widerRedirectUrisOrOriginsAreRefusedAndNamed() {
        ClientFit.Shape shape = new ClientFit.Shape("openid-connect", true, false, false, true, false, false, false, false,
                "S256", Set.of(PAGE, "https://evil.example/*"), Set.of(ORIGIN, "+", "*"), true);
        ClientFit verdict = ClientFit.of(shape, PAGE, ORIGIN);
        assertThat(verdict.repairable()).isFalse();
        assertThat(verdict.refusals()).anySatisfy(r -> assertThat(r).contains("https://evil.example/*").contains("redirect URIs"));
        assertThat(verdict.refusals()).anySatisfy(r -> assertThat(r).contains("web origins").contains("*"));
    }

    @Test
    void aWildcardOfThePageItselfIsWiderToo() {
        ClientFit.Shape shape = new ClientFit.Shape("openid-connect", true, false, false, true, false, false, false, false,
                "S256", Set.of(PAGE + "*"), Set.of(ORIGIN), true);
        ClientFit verdict = ClientFit.of(shape, PAGE, ORIGIN);
        assertThat(verdict.repairable()).isFalse();
    }

    @Test
    void aSamlClientIsRefused() {
        ClientFit.Shape shape = new ClientFit.Shape("saml", true, false, false, true, false, false, false, false, "S256",
                Set.of(PAGE), Set.of(ORIGIN), true);
        assertThat(ClientFit.of(shape, PAGE, ORIGIN).refusals()).anySatisfy(r -> assertThat(r).contains("saml"));
    }
}
