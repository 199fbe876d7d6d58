/**
 * Break-glass (emergency) accounts: whether a marked account would work on the day it is needed, and what an admin
 * should fix before then. Microsoft's guidance for emergency access is the yardstick: at least two accounts, not
 * federated (a directory or identity-provider outage must not lock them out), each with a phishing-resistant
 * credential, outside every zero-trust rule (that exemption is made once, in
 * {@link io.github.zerotrust.keycloak.policy.StepKind#decide}), every sign-in an alert. No Keycloak types: the shell
 * reads the accounts and stores the marks.
 */
package io.github.zerotrust.keycloak.breakglass;
