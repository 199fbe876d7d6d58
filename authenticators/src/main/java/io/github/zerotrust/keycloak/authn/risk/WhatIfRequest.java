package io.github.zerotrust.keycloak.authn.risk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A hypothetical sign-in for What-If.
 *
 * @param user    username or user id (required)
 * @param address the client address (required)
 * @param time    ISO-8601 instant, e.g. {@code 2026-11-29T09:30:00Z}; default now
 * @param device  a recognised device id, or null for a browser never seen
 * @param client  a client id, for the direct-grant style device {@code client:<id>}; optional
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record WhatIfRequest(String user, String address, String time, String device, String client) {
}
