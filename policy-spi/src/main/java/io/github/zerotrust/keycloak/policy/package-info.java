/**
 * The sign-in policy: every zero-trust condition and enforcer as a small rule that takes the sign-in's
 * facts ({@link io.github.zerotrust.keycloak.policy.SignIn}) and its typed settings and returns a
 * {@link io.github.zerotrust.keycloak.policy.Verdict} (applies or not, a named
 * {@link io.github.zerotrust.keycloak.policy.Reason}, a detail for people, and for enforcers an
 * {@link io.github.zerotrust.keycloak.policy.Action}). Report-only is applied once, in
 * {@link io.github.zerotrust.keycloak.policy.StepKind#decide}, which gives a
 * {@link io.github.zerotrust.keycloak.policy.Decision}. {@link io.github.zerotrust.keycloak.policy.StepKinds}
 * is the registry a real sign-in and What-If both ask. No Keycloak types: the shell gathers the facts and
 * carries the decision out.
 *
 * <p>A misconfigured rule (unusable settings, a condition placed before the step it needs) fails closed: a
 * condition matches (the guarded steps run), an enforcer refuses. The device conditions are the one
 * exception: they match the failing side, so "match compliant" does not match without a device step.
 */
package io.github.zerotrust.keycloak.policy;
