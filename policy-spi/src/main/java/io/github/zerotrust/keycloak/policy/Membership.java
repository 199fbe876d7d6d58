package io.github.zerotrust.keycloak.policy;

/** Whether a condition matches when the sign-in is inside its set, or outside it. */
enum Membership {
    IN("in"), NOT_IN("not-in");

    final String configValue;

    Membership(String configValue) {
        this.configValue = configValue;
    }

    static Membership parse(String value) {
        return NOT_IN.configValue.equalsIgnoreCase(value) ? NOT_IN : IN;
    }

    boolean matches(boolean inside) {
        return this == IN ? inside : !inside;
    }
}
