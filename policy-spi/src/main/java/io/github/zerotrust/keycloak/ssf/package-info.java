/**
 * Shared Signals (OpenID SSF 1.0, CAEP 1.0, RISC 1.0) as a receiver sees them, without Keycloak types: a
 * trusted transmitter's settings, the checks a Security Event Token (RFC 8417) must pass, the subject it names
 * (RFC 9493) and what each event type means to the suite ({@link io.github.zerotrust.keycloak.signals.Trigger}).
 */
package io.github.zerotrust.keycloak.ssf;
