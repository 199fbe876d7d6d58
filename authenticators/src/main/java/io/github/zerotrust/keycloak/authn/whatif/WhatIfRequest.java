package io.github.zerotrust.keycloak.authn.whatif;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A hypothetical sign-in for What-If.
 *
 * @param user       username or user id (required)
 * @param address    the client address (required)
 * @param time       ISO-8601 instant, e.g. {@code 2026-11-29T09:30:00Z}; default now
 * @param device     a device id (the recognised-browser id the device registry knows it by), or null for a browser never seen
 * @param client     a client id: the app signed in to (its flow overrides apply); optional
 * @param acr        the ACR value the app asks for ({@code acr_values}), e.g. {@code mfa}; optional
 * @param scope      the scopes the app asks for, space-separated, e.g. {@code openid offline_access}; optional
 * @param compliance the device's standing instead of the registry's: {@code compliant}, {@code in_grace},
 *                   {@code non_compliant} or {@code unknown}; optional
 * @param managed    with {@code compliance}: whether the device is managed; default false
 * @param flow       the alias of one flow to walk instead of the ones bound to the sign-in; optional
 * @param identityProvider the alias of the identity provider the sign-in comes through: its post-broker-login flow is
 *                   walked, with its trust settings; optional
 * @param upstreamAcr with {@code identityProvider}: the {@code acr} its ID token would carry; optional (none)
 * @param upstreamDevice with {@code identityProvider}: the value of its device claim ({@code compliant},
 *                   {@code managed}); optional (none)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record WhatIfRequest(String user, String address, String time, String device, String client, String acr, String scope,
                            String compliance, Boolean managed, String flow,
                            String identityProvider, String upstreamAcr, String upstreamDevice) {
}
