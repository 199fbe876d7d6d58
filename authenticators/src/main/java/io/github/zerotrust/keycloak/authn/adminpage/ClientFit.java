package io.github.zerotrust.keycloak.authn.adminpage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether a client named {@code zero-trust-admin} is fit to sign admins in to the admin page, and what setting it up
 * would change (ADR 0029). Only ever narrows: a setting that would have to be widened or that another app may rely on
 * (a confidential client, more redirect URIs or web origins than the page's own) is a reason to refuse, never repaired.
 *
 * @param repairs what setting up would switch off or add, to make a fit client of it
 * @param refusals why the client cannot be made fit without taking something away from whoever uses it; empty when fit
 */
record ClientFit(List<String> repairs, List<String> refusals) {

    ClientFit {
        repairs = List.copyOf(repairs);
        refusals = List.copyOf(refusals);
    }

    /** The settings of an existing client that decide its fitness, read from Keycloak's model. */
    record Shape(String protocol, boolean publicClient, boolean bearerOnly, boolean serviceAccounts, boolean standardFlow,
                 boolean implicitFlow, boolean directGrants, boolean deviceGrant, boolean ciba, String pkceMethod,
                 Set<String> redirectUris, Set<String> webOrigins, boolean carriesAdminRoles) {
    }

    boolean ready() {
        return refusals.isEmpty() && repairs.isEmpty();
    }

    boolean repairable() {
        return refusals.isEmpty();
    }

    static ClientFit of(Shape shape, String pageUrl, String origin) {
        List<String> refusals = new ArrayList<>();
        List<String> repairs = new ArrayList<>();
        if (!"openid-connect".equals(shape.protocol())) {
            refusals.add("it is a " + shape.protocol() + " client, not an OpenID Connect one");
        }
        if (!shape.publicClient() || shape.bearerOnly()) {
            refusals.add("it is a confidential client: it holds a secret that some app may use, and the page needs a public client");
        }
        if (shape.serviceAccounts()) {
            refusals.add("it has a service account, which would lose its use");
        }
        Set<String> others = new java.util.TreeSet<>(shape.redirectUris());
        others.remove(pageUrl);
        if (!others.isEmpty()) {
            refusals.add("its redirect URIs " + others + " are wider than the page's own " + pageUrl
                    + ": a code could be sent elsewhere, and removing them may break the app that uses them");
        }
        Set<String> otherOrigins = new java.util.TreeSet<>(shape.webOrigins());
        otherOrigins.remove(origin);
        if (!otherOrigins.isEmpty()) {
            refusals.add("its web origins " + otherOrigins + " are wider than the page's own " + origin);
        }
        if (!shape.redirectUris().contains(pageUrl)) {
            repairs.add("add the redirect URI " + pageUrl);
        }
        if (!shape.webOrigins().contains(origin)) {
            repairs.add("add the web origin " + origin);
        }
        if (!shape.standardFlow()) {
            repairs.add("switch the standard flow on");
        }
        if (shape.implicitFlow()) {
            repairs.add("switch the implicit flow off");
        }
        if (shape.directGrants()) {
            repairs.add("switch direct access grants off");
        }
        if (shape.deviceGrant()) {
            repairs.add("switch the device authorisation grant off");
        }
        if (shape.ciba()) {
            repairs.add("switch CIBA off");
        }
        if (!shape.carriesAdminRoles()) {
            repairs.add("let its tokens carry the admin's realm-management roles (scope realm-admin), which the admin REST reads");
        }
        if (!"S256".equals(shape.pkceMethod())) {
            repairs.add("require PKCE with S256");
        }
        return new ClientFit(repairs, refusals);
    }
}
