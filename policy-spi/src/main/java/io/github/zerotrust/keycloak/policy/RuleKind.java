package io.github.zerotrust.keycloak.policy;

/** What sort of rule matched: lets the refusal page say "this country", "this network" or "this sign-in looks unusual". */
public enum RuleKind {
    COUNTRY, NETWORK, RISK, OTHER
}
